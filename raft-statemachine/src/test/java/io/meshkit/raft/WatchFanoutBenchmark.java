package io.meshkit.raft;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link WatchHub} fan-out: one committed revision holding one KV PUT event (256-byte
 * value) published to {@code watchers} live watches of the whole KV table, counted only once every
 * watch received it. A score of S publishes/s is S × {@code watchers} deliveries/s.
 *
 * <p>{@code delivery=direct} runs delivery on the publishing thread, so the score is the CPU cost of
 * the fan-out alone (in a member that would all land on the apply thread). {@code delivery=pool}
 * uses two delivery threads, as a member does, so it adds the hand-off to them and the wait for the
 * last delivery. The hub's store is never read once the watches are live; an empty one stands in.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class WatchFanoutBenchmark {
  /** Far above one revision per watch: a watch is never canceled as a slow consumer here. */
  private static final int MAX_QUEUED_EVENTS = 10_000;

  @Param({"1", "100", "1000"})
  public int watchers;

  @Param({"direct", "pool"})
  public String delivery;

  private final DeliveryCounter counter = new DeliveryCounter();
  private TrackingExecutor pool;
  private WatchHub hub;
  private List<StoredEvent> events;
  private long revision;

  @Setup(Level.Trial)
  public void registerWatchers() throws InterruptedException {
    Executor executor = switch (delivery) {
      case "direct" -> Runnable::run;
      case "pool" -> pool = new TrackingExecutor();
      default -> throw new IllegalArgumentException("delivery must be direct or pool, got " + delivery);
    };
    hub = new WatchHub(() -> new EmptyHistory(hub.currentRevision()), 0, executor, MAX_QUEUED_EVENTS, 1000);
    for (int i = 0; i < watchers; i++) {
      hub.watch(new WatchSpec(Table.KV, null, null, false, 0), counter);
    }
    if (pool != null) {
      pool.awaitIdle();  // every watch has caught up (nothing to read) and is live
    }
    events = List.of(putEvent());
  }

  @TearDown(Level.Trial)
  public void closeHub() throws InterruptedException {
    hub.close();
    if (pool != null) {
      pool.close();
    }
  }

  /** Publishes the next revision and waits until every watch has received it. */
  @Benchmark
  public void publishToAll() {
    counter.expect(watchers);
    hub.publish(++revision, events);
    counter.await();
  }

  private static StoredEvent putEvent() {
    byte[] value = new byte[256];
    new Random(42).nextBytes(value);
    KeyValue kv = KeyValue.newBuilder().setKey(ByteString.copyFrom("bench/key/00000042", StandardCharsets.US_ASCII))
        .setValue(ByteString.copyFrom(value)).setCreateRevision(1).setModRevision(2).setVersion(2).build();
    return StoredEvent.newBuilder().setTable(Table.KV.columnFamily())
        .setEvent(Event.newBuilder().setType(Event.EventType.PUT).setKv(kv)).build();
  }

  /** A store whose history is empty: watches catch up at once and turn live. */
  private record EmptyHistory(long revision) implements ReadView {
    @Override
    public AppliedState appliedState() {
      return AppliedState.newBuilder().setIndex(revision).build();
    }

    @Override
    public Optional<byte[]> get(Table table, byte[] key) {
      return Optional.empty();
    }

    @Override
    public void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor) {}

    @Override
    public void close() {}
  }
}
