package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.CompactionResponse;
import io.meshkit.proto.v1.DeleteRangeResponse;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.ResponseOp;
import io.meshkit.proto.v1.TxnResponse;
import java.util.Base64;
import java.util.List;

/**
 * The documents meshctl prints with {@code -o json|yaml}: its output schema. Field names are the
 * proto's ({@code mod_revision}, {@code prev_kv}); absent fields (null) are left out. Keys and
 * values are UTF-8 text when they are valid UTF-8, else base64 with {@code key_encoding} /
 * {@code value_encoding} set to {@code "base64"}.
 */
final class Views {
  static final String BASE64 = "base64";

  private Views() {}

  /** Bytes as text: the UTF-8 string, or base64 with {@code encoding = "base64"}. */
  record Text(String text, String encoding) {
    static Text of(ByteString bytes) {
      return bytes.isValidUtf8() ? new Text(bytes.toStringUtf8(), null)
          : new Text(Base64.getEncoder().encodeToString(bytes.toByteArray()), BASE64);
    }

    /** The single-line form of table output: the text, or {@code base64:<data>}. */
    String display() {
      return encoding == null ? text : encoding + ":" + text;
    }
  }

  record Header(String clusterId, String memberId, long revision, long raftTerm, String leaderId) {
    static Header of(ResponseHeader h) {
      return new Header(h.getClusterId(), h.getMemberId(), h.getRevision(), h.getRaftTerm(), h.getLeaderId());
    }
  }

  /** A key-value record; {@code value} is null when the request asked for keys only. */
  record Kv(String key, String keyEncoding, String value, String valueEncoding, long createRevision,
      long modRevision, long version, long lease) {
    static Kv of(KeyValue kv, boolean withValue) {
      Text key = Text.of(kv.getKey());
      Text value = withValue ? Text.of(kv.getValue()) : new Text(null, null);
      return new Kv(key.text(), key.encoding(), value.text(), value.encoding(), kv.getCreateRevision(),
          kv.getModRevision(), kv.getVersion(), kv.getLease());
    }

    static List<Kv> all(List<KeyValue> kvs, boolean withValues) {
      return kvs.stream().map(kv -> of(kv, withValues)).toList();
    }

    Text keyText() {
      return new Text(key, keyEncoding);
    }

    Text valueText() {
      return new Text(value, valueEncoding);
    }
  }

  /** {@code header} is null inside a transaction's results. */
  record Range(Header header, List<Kv> kvs, boolean more, long count) {
    static Range of(RangeResponse r, boolean withValues) {
      return new Range(headerIfSet(r.hasHeader(), r.getHeader()), Kv.all(r.getKvsList(), withValues), r.getMore(),
          r.getCount());
    }
  }

  record Put(Header header, Kv prevKv) {
    static Put of(PutResponse r) {
      return new Put(headerIfSet(r.hasHeader(), r.getHeader()), r.hasPrevKv() ? Kv.of(r.getPrevKv(), true) : null);
    }
  }

  record Delete(Header header, long deleted, List<Kv> prevKvs) {
    static Delete of(DeleteRangeResponse r) {
      return new Delete(headerIfSet(r.hasHeader(), r.getHeader()), r.getDeleted(), Kv.all(r.getPrevKvsList(), true));
    }
  }

  /** One operation's result in a transaction: exactly one of the three is set. */
  record OpResult(Range range, Put put, Delete deleteRange) {
    static OpResult of(ResponseOp op) {
      return switch (op.getResponseCase()) {
        case RESPONSE_RANGE -> new OpResult(Range.of(op.getResponseRange(), true), null, null);
        case RESPONSE_PUT -> new OpResult(null, Put.of(op.getResponsePut()), null);
        case RESPONSE_DELETE_RANGE -> new OpResult(null, null, Delete.of(op.getResponseDeleteRange()));
        default -> throw new IllegalStateException("unknown transaction response " + op.getResponseCase());
      };
    }
  }

  record Txn(Header header, boolean succeeded, List<OpResult> responses) {
    static Txn of(TxnResponse r) {
      return new Txn(Header.of(r.getHeader()), r.getSucceeded(),
          r.getResponsesList().stream().map(OpResult::of).toList());
    }
  }

  record Compaction(Header header, long compactRevision) {
    static Compaction of(CompactionResponse r) {
      return new Compaction(Header.of(r.getHeader()), r.getCompactRevision());
    }
  }

  /**
   * One line of a watch stream: an event ({@code PUT}/{@code DELETE}, with {@code kv} and maybe
   * {@code prev_kv}) or a progress notification ({@code PROGRESS}: every change up to
   * {@code revision} was delivered).
   */
  record WatchLine(String type, long revision, Kv kv, Kv prevKv) {
    static WatchLine of(long revision, Event e) {
      return new WatchLine(e.getType().name(), revision, Kv.of(e.getKv(), e.getType() == Event.EventType.PUT),
          e.hasPrevKv() ? Kv.of(e.getPrevKv(), true) : null);
    }

    static WatchLine progress(long revision) {
      return new WatchLine("PROGRESS", revision, null, null);
    }
  }

  /**
   * One member in {@code cluster status}: its own answer, or {@code error} when it did not answer
   * (then only {@code id}, {@code address} and {@code error} are set).
   */
  record MemberStatus(String id, String address, String role, Long term, Long commitIndex, Long appliedIndex,
      String leaderId, Boolean isLeader, String version, Long dbSizeBytes, String error) {
    static MemberStatus unreachable(String id, String address, String error) {
      return new MemberStatus(id, address, null, null, null, null, null, null, null, null, error);
    }
  }

  /** {@code all_reachable} decides the exit code of {@code cluster status}. */
  record ClusterStatus(String clusterId, boolean allReachable, List<MemberStatus> members) {}

  /** One member in {@code cluster health}; {@code reason} says why not healthy. */
  record MemberHealth(String id, String address, boolean healthy, boolean reachable, String reason) {}

  record ClusterHealth(boolean healthy, List<MemberHealth> members) {}

  private static Header headerIfSet(boolean present, ResponseHeader h) {
    return present ? Header.of(h) : null;
  }
}
