package io.meshkit.registry.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.LogEntry;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the replicated apply path for KV puts of a 256-byte value to uniformly chosen keys
 * of a keyspace that is already full (every put overwrites: it reads the previous record, writes the
 * new one, one watch event, the proposal record and the applied index in one RocksDB write batch).
 * See {@link KvReplica} for what is and is not included.
 *
 * <p>Every score includes building the entry bytes (leader-side work in production);
 * {@link #protobufOnly()} measures that plus the decode, so it can be set against the rest.
 * Defaults are sized for a 2-core machine; override them on the JMH command line.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ApplyBenchmark {
  /** Puts per entry in {@link #putsInTxnOf8()}. */
  static final int TXN_PUTS = 8;
  private static final int VALUE_BYTES = 256;
  private static final int FILL_PUTS_PER_ENTRY = 100;

  /** Distinct keys; all exist before measurement starts. */
  @Param("100000")
  public int keys;

  /**
   * Leader clock step per entry (see {@link PutLog}). 1: after 120,000 entries every apply prunes
   * expired proposal records, as a member under sustained writes does. 0: nothing expires, no pruning.
   */
  @Param({"1", "0"})
  public long clockMsPerEntry;

  private KvReplica replica;
  private PutLog log;

  @Setup(Level.Trial)
  public void fillStore() throws IOException {
    replica = KvReplica.inTempDir();
    log = new PutLog(keys, VALUE_BYTES, clockMsPerEntry, 42);
    for (byte[] entry : log.fillEveryKey(FILL_PUTS_PER_ENTRY)) {
      replica.apply(entry);
    }
  }

  @TearDown(Level.Trial)
  public void deleteStore() {
    replica.close();
  }

  /** Entries/s: one entry holding one put, decoded and applied (one RocksDB write per entry). */
  @Benchmark
  public long putEntry() throws InvalidProtocolBufferException {
    return replica.apply(log.nextPut());
  }

  /**
   * Puts/s, not entries/s: one entry holding a transaction of {@value #TXN_PUTS} puts, so one RocksDB
   * write per {@value #TXN_PUTS} puts. MeshKit does not group several log entries into one RocksDB
   * write; a transaction is the nearest thing.
   */
  @Benchmark
  @OperationsPerInvocation(TXN_PUTS)
  public long putsInTxnOf8() throws InvalidProtocolBufferException {
    return replica.apply(log.nextTxn(TXN_PUTS));
  }

  /** Entries/s for the protobuf work alone: build one single-put entry's bytes and decode them. */
  @Benchmark
  public LogEntry protobufOnly() throws InvalidProtocolBufferException {
    return LogEntry.parseFrom(log.nextPut());
  }
}
