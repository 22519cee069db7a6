package io.meshkit.registry.kv;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Stateless checks of KV requests, run before they enter the log. */
final class KvValidation {
  private KvValidation() {}

  static void put(PutRequest put, CommandLimits limits) throws CommandRejectedException {
    if (put.getKey().isEmpty()) {
      throw new CommandRejectedException(ErrorCode.EMPTY_KEY, "key is empty", "give a non-empty key");
    }
    KeyRange.checkKeySize(put.getKey(), limits.maxKeyBytes());
    if (put.getValue().size() > limits.maxValueBytes()) {
      throw new CommandRejectedException(ErrorCode.VALUE_TOO_LARGE,
          "value is " + put.getValue().size() + " bytes, above the limit of " + limits.maxValueBytes() + " bytes",
          "store large blobs elsewhere and keep a reference here, or raise limits.maxValueBytes");
    }
    if (put.getLease() < 0) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "lease id must be positive, got " + put.getLease(),
          "use the id a lease grant returned, or 0 for no lease");
    }
  }

  static void range(RangeRequest range, CommandLimits limits) throws CommandRejectedException {
    KeyRange.validate(range.getKey(), range.getRangeEnd(), limits.maxKeyBytes());
    if (range.getLimit() < 0) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "limit must be >= 0", "0 means no limit");
    }
  }

  static void deleteRange(DeleteRangeRequest delete, CommandLimits limits) throws CommandRejectedException {
    KeyRange.validate(delete.getKey(), delete.getRangeEnd(), limits.maxKeyBytes());
  }

  static void txn(TxnRequest txn, CommandLimits limits) throws CommandRejectedException {
    int ops = txn.getCompareCount() + Math.max(txn.getSuccessCount(), txn.getFailureCount());
    if (ops > limits.maxTxnOps()) {
      throw new CommandRejectedException(ErrorCode.TOO_MANY_TXN_OPS,
          "transaction has " + ops + " operations (compares plus the larger branch), above the limit of "
              + limits.maxTxnOps(), "split it into several transactions");
    }
    for (var compare : txn.getCompareList()) {
      if (compare.getKey().isEmpty()) {
        throw new CommandRejectedException(ErrorCode.EMPTY_KEY, "compare has an empty key", "give a key");
      }
      KeyRange.checkKeySize(compare.getKey(), limits.maxKeyBytes());
    }
    branch(txn.getSuccessList(), limits);
    branch(txn.getFailureList(), limits);
  }

  /** Each op is valid, and no key is put twice in one branch (the result would depend on op order). */
  private static void branch(List<RequestOp> ops, CommandLimits limits) throws CommandRejectedException {
    Set<ByteString> putKeys = new HashSet<>();
    for (RequestOp op : ops) {
      switch (op.getRequestCase()) {
        case REQUEST_PUT -> {
          put(op.getRequestPut(), limits);
          if (!putKeys.add(op.getRequestPut().getKey())) {
            throw new CommandRejectedException(ErrorCode.DUPLICATE_KEY_IN_TXN,
                "key " + op.getRequestPut().getKey().toStringUtf8() + " is put twice in one transaction branch",
                "put each key at most once per branch");
          }
        }
        case REQUEST_RANGE -> range(op.getRequestRange(), limits);
        case REQUEST_DELETE_RANGE -> deleteRange(op.getRequestDeleteRange(), limits);
        case REQUEST_NOT_SET -> throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT,
            "transaction operation has no request", "set one of request_put, request_range, request_delete_range");
      }
    }
  }
}
