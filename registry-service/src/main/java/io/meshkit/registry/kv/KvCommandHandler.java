package io.meshkit.registry.kv;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.StoredKv;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.DeleteRangeResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.ResponseOp;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.TxnResponse;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.LeaseAttachmentOwner;
import io.meshkit.raft.LeaseAttachments;
import io.meshkit.raft.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the KV commands (put, delete range, txn) to the {@link Table#KV} table, emitting one watch
 * event per changed key. Deterministic: reads only the command and the context (see
 * {@link CommandHandler}). Revision bookkeeping: a put sets mod_revision to the entry's revision,
 * keeps create_revision for an existing key (else sets it too) and increments version; a delete
 * removes the record, so a later put starts again at version 1.
 *
 * <p>Leases: a put with a lease attaches the key to it (the lease must exist, else NOT_FOUND) and
 * detaches it from any previous lease; a delete detaches it. When a lease ends, its keys are
 * deleted as by a delete, with one DELETE event each.
 */
public final class KvCommandHandler implements CommandHandler, LeaseAttachmentOwner {

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.PUT, Command.CmdCase.DELETE_RANGE, Command.CmdCase.TXN);
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case PUT -> KvValidation.put(command.getPut(), limits);
      case DELETE_RANGE -> KvValidation.deleteRange(command.getDeleteRange(), limits);
      case TXN -> KvValidation.txn(command.getTxn(), limits);
      default -> throw new IllegalArgumentException("not a KV command: " + command.getCmdCase());
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return switch (command.getCmdCase()) {
      case PUT -> CommandResult.newBuilder().setPut(put(context, command.getPut())).build();
      case DELETE_RANGE -> CommandResult.newBuilder().setDeleteRange(deleteRange(context, command.getDeleteRange()))
          .build();
      case TXN -> CommandResult.newBuilder().setTxn(txn(context, command.getTxn())).build();
      default -> throw new IllegalStateException("not a KV command: " + command.getCmdCase());
    };
  }

  @Override
  public Table table() {
    return Table.KV;
  }

  @Override
  public void leaseEnded(ApplyContext context, byte[] key) {
    KvRecords.parse(context.get(Table.KV, key)).ifPresent(p -> remove(context, KvRecords.toKeyValue(key, p, false)));
  }

  static PutResponse put(ApplyContext context, PutRequest put) {
    byte[] key = put.getKey().toByteArray();
    if (put.getLease() != 0 && !LeaseAttachments.leaseExists(context, put.getLease())) {
      throw new CommandFailure(ErrorCode.NOT_FOUND, "lease " + put.getLease() + " not found: it expired, was revoked"
          + " or never existed; grant a new lease and put again");
    }
    Optional<StoredKv> previous = KvRecords.parse(context.get(Table.KV, key));
    long oldLease = previous.map(StoredKv::getLease).orElse(0L);
    if (oldLease != put.getLease()) {
      if (oldLease != 0) {
        LeaseAttachments.detach(context, oldLease, Table.KV, key);
      }
      if (put.getLease() != 0) {
        LeaseAttachments.attach(context, put.getLease(), Table.KV, key);
      }
    }
    StoredKv stored = StoredKv.newBuilder().setValue(put.getValue())
        .setCreateRevision(previous.map(StoredKv::getCreateRevision).orElse(context.revision()))
        .setModRevision(context.revision())
        .setVersion(previous.map(StoredKv::getVersion).orElse(0L) + 1)
        .setLease(put.getLease())
        .build();
    context.put(Table.KV, key, stored.toByteArray());
    Event.Builder event = Event.newBuilder().setType(Event.EventType.PUT)
        .setKv(KvRecords.toKeyValue(key, stored, false));
    previous.ifPresent(p -> event.setPrevKv(KvRecords.toKeyValue(key, p, false)));
    context.emit(Table.KV, event.build());
    PutResponse.Builder response = PutResponse.newBuilder();
    if (put.getPrevKv()) {
      previous.ifPresent(p -> response.setPrevKv(KvRecords.toKeyValue(key, p, false)));
    }
    return response.build();
  }

  static DeleteRangeResponse deleteRange(ApplyContext context, DeleteRangeRequest delete) {
    KeyRange range = KeyRange.of(delete.getKey(), delete.getRangeEnd());
    List<KeyValue> deleted = new ArrayList<>();
    if (range.singleKey()) {
      KvRecords.parse(context.get(Table.KV, range.key()))
          .ifPresent(p -> deleted.add(KvRecords.toKeyValue(range.key(), p, false)));
    } else {
      context.scan(Table.KV, range.key(), range.toExclusive(), (k, v) -> {
        deleted.add(KvRecords.toKeyValue(k, KvRecords.parse(v), false));
        return true;
      });
    }
    DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder().setDeleted(deleted.size());
    for (KeyValue previous : deleted) {
      if (previous.getLease() != 0) {
        LeaseAttachments.detach(context, previous.getLease(), Table.KV, previous.getKey().toByteArray());
      }
      remove(context, previous);
      if (delete.getPrevKv()) {
        response.addPrevKvs(previous);
      }
    }
    return response.build();
  }

  /** Deletes one key and emits its DELETE event; lease bookkeeping is the caller's. */
  private static void remove(ApplyContext context, KeyValue previous) {
    context.delete(Table.KV, previous.getKey().toByteArray());
    KeyValue tombstone = KeyValue.newBuilder().setKey(previous.getKey()).setModRevision(context.revision()).build();
    context.emit(Table.KV, Event.newBuilder().setType(Event.EventType.DELETE).setKv(tombstone)
        .setPrevKv(previous).build());
  }

  static TxnResponse txn(ApplyContext context, TxnRequest txn) {
    boolean succeeded = true;
    for (Compare compare : txn.getCompareList()) {
      if (!TxnCompare.holds(context, compare)) {
        succeeded = false;
        break;
      }
    }
    TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(succeeded);
    for (RequestOp op : succeeded ? txn.getSuccessList() : txn.getFailureList()) {
      response.addResponses(switch (op.getRequestCase()) {
        case REQUEST_PUT -> ResponseOp.newBuilder().setResponsePut(put(context, op.getRequestPut())).build();
        case REQUEST_DELETE_RANGE -> ResponseOp.newBuilder()
            .setResponseDeleteRange(deleteRange(context, op.getRequestDeleteRange())).build();
        case REQUEST_RANGE -> ResponseOp.newBuilder()
            .setResponseRange(KvReads.range(context, op.getRequestRange())).build();
        case REQUEST_NOT_SET -> throw new IllegalStateException("validated transactions have no empty ops");
      });
    }
    return response.build();
  }
}
