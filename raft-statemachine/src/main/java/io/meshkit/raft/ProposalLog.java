package io.meshkit.raft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.CommandResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * timeout), then pruned a few per entry. Everything here runs inside apply and is deterministic.
 */
final class ProposalLog {
  /** How long, in apply time, a proposal id is remembered. */
  static final long RETENTION_MS = 120_000;
  /** Expired records removed per applied entry: bounded work, faster than they are added. */
  private static final int PRUNE_PER_ENTRY = 4;

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
    List<byte[]> expired = new ArrayList<>();
    context.scan(Table.PROPOSAL_EXPIRY, new byte[0], ByteBuffer.allocate(8).putLong(cutoff).array(), (key, value) -> {
      expired.add(key);
      return expired.size() < PRUNE_PER_ENTRY;
    });
    for (byte[] key : expired) {
      context.delete(Table.PROPOSAL_EXPIRY, key);
      context.delete(Table.PROPOSALS, java.util.Arrays.copyOfRange(key, 8, key.length));
    }
  }

  private static byte[] expiryKey(long at, byte[] id) {
    return ByteBuffer.allocate(8 + id.length).putLong(at).put(id).array();
  }
}
