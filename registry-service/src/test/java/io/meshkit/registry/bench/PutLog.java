package io.meshkit.registry.bench;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An endless, seeded stream of serialized {@link LogEntry} bytes as the leader logs them for client
 * puts: each put writes a fixed random value to a uniformly chosen key of a fixed keyspace.
 *
 * <p>Like {@code RaftNode.submit}, every client entry carries a fresh random 16-byte proposal id, so the
 * apply path looks up and records proposals as in production. The leader clock starts at 2026-11-23
 * and advances a fixed step per entry: with a step of 1 ms (a member taking 1,000 writes/s), once
 * {@code ProposalLog.RETENTION_MS} of apply time has passed (120,000 entries) every apply also prunes
 * expired proposal records, as under sustained writes; with a step of 0 nothing ever expires.
 *
 * <p>Not thread-safe: one stream per benchmark thread.
 */
final class PutLog {
  /** 2026-11-23T00:00:00Z. */
  private static final long START_UNIX_MS = 1_795_392_000_000L;

  private final ByteString[] keys;
  private final ByteString value;
  private final SplittableRandom random;
  private final long clockMsPerEntry;
  private long entries;

  PutLog(int keyCount, int valueBytes, long clockMsPerEntry, long seed) {
    this.clockMsPerEntry = clockMsPerEntry;
    this.random = new SplittableRandom(seed);
    this.keys = new ByteString[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = ByteString.copyFrom(String.format("bench/key/%08d", i), StandardCharsets.US_ASCII);
    }
    byte[] raw = new byte[valueBytes];
    random.nextBytes(raw);
    this.value = ByteString.copyFrom(raw);
  }

  /** One entry holding one put. */
  byte[] nextPut() {
    return entry(Command.newBuilder().setPut(randomPut()));
  }

  /** One entry holding a transaction of {@code puts} unconditional puts: one RocksDB write batch. */
  byte[] nextTxn(int puts) {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    for (int i = 0; i < puts; i++) {
      txn.addSuccess(RequestOp.newBuilder().setRequestPut(randomPut()));
    }
    return entry(Command.newBuilder().setTxn(txn));
  }

  /**
   * Entries that put every key once, {@code putsPerEntry} per transaction, in key order: they bring
   * a fresh store to the steady state in which every benchmarked put overwrites an existing key.
   */
  List<byte[]> fillEveryKey(int putsPerEntry) {
    List<byte[]> out = new ArrayList<>();
    for (int first = 0; first < keys.length; first += putsPerEntry) {
      TxnRequest.Builder txn = TxnRequest.newBuilder();
      for (int i = first; i < Math.min(keys.length, first + putsPerEntry); i++) {
        txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(keys[i]).setValue(value)));
      }
      out.add(entry(Command.newBuilder().setTxn(txn)));
    }
    return out;
  }

  private PutRequest.Builder randomPut() {
    return PutRequest.newBuilder().setKey(keys[random.nextInt(keys.length)]).setValue(value);
  }

  private byte[] entry(Command.Builder command) {
    byte[] proposalId = new byte[16];
    random.nextBytes(proposalId);
    command.setProposalId(ByteString.copyFrom(proposalId));
    long leaderTime = START_UNIX_MS + clockMsPerEntry * entries++;
    return LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(leaderTime).build().toByteArray();
  }
}
