package io.meshkit.raft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.CommandResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Exactly-once application of proposals (the client sessions of the Raft thesis, §6.3, keyed by a
 * random id per proposal). A member's Raft client may resend a proposal after a leader change; if
 * the old leader had logged it, a new leader that has not applied it yet logs it again, and both
 * copies commit. Found by the Jepsen watch workload: one write in ~2,000 under kill -9 and pauses was
 * applied at two revisions. The first copy applies and is recorded here; a later copy changes nothing
 * and answers with the first result.
 *
 * <p>Records are kept for {@link #RETENTION_MS} of apply time (a resend happens within the request
 * timeout), then pruned a few per entry, in expiry-key order. Pruning resumes after the last key it
 * deleted (the watermark, stored under the empty key of {@link Table#PROPOSAL_EXPIRY}, which sorts
 * before every record): scanning from the first key instead stepped over every deletion marker left
 * by earlier prunes until RocksDB compacted them, and apply fell from ~40,000 to ~1,000 entries/s
 * two minutes into a write load (found by ApplyBenchmark). Everything here runs inside apply and is
 * deterministic.
 */
final class ProposalLog {
  /** How long, in apply time, a proposal id is remembered. */
  static final long RETENTION_MS = 120_000;
  /** Expired records removed per applied entry: bounded work, faster than they are added. */
  private static final int PRUNE_PER_ENTRY = 4;
  /** Key of the prune watermark; shorter than, and so before, every {@code applyTime + id} record key. */
  private static final byte[] WATERMARK_KEY = new byte[0];
  /** Where the first prune starts: just after the watermark key. */
  private static final byte[] FIRST_RECORD = {0};

  private ProposalLog() {}

  /** The result of the earlier application of {@code id}, if it was applied within the retention. */
  static Optional<CommandResult> recorded(ApplyContext context, ByteString id) {
    return context.get(Table.PROPOSALS, id.toByteArray()).map(value -> {
      try {
        return CommandResult.parseFrom(value);
      } catch (InvalidProtocolBufferException e) {
        throw new StoreException("unreadable proposal record: " + e.getMessage(), e);
      }
    });
  }

  /** Records that {@code id} was applied with {@code result} (stored with its revision). */
  static void record(ApplyContext context, ByteString id, CommandResult result) {
    long at = context.applyTimeMillis();
    context.put(Table.PROPOSALS, id.toByteArray(),
        result.toBuilder().setRevision(context.revision()).build().toByteArray());
    context.put(Table.PROPOSAL_EXPIRY, expiryKey(at, id.toByteArray()), new byte[0]);
  }

  /** Deletes up to a few records applied more than {@link #RETENTION_MS} before this entry. */
  static void prune(ApplyContext context) {
    long cutoff = context.applyTimeMillis() - RETENTION_MS;
    if (cutoff <= 0) {
      return;
    }
    byte[] from = context.get(Table.PROPOSAL_EXPIRY, WATERMARK_KEY).map(ProposalLog::successor).orElse(FIRST_RECORD);
    List<byte[]> expired = new ArrayList<>();
    context.scan(Table.PROPOSAL_EXPIRY, from, ByteBuffer.allocate(8).putLong(cutoff).array(), (key, value) -> {
      expired.add(key);
      return expired.size() < PRUNE_PER_ENTRY;
    });
    for (byte[] key : expired) {
      context.delete(Table.PROPOSAL_EXPIRY, key);
      context.delete(Table.PROPOSALS, Arrays.copyOfRange(key, 8, key.length));
    }
    if (!expired.isEmpty()) {
      // Record keys only grow (apply time is monotonic), so every key below the watermark is deleted.
      context.put(Table.PROPOSAL_EXPIRY, WATERMARK_KEY, expired.get(expired.size() - 1));
    }
  }

  /** The smallest key after {@code key}. */
  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  private static byte[] expiryKey(long at, byte[] id) {
    return ByteBuffer.allocate(8 + id.length).putLong(at).put(id).array();
  }
}
