package io.meshkit.perf.compare;

import io.meshkit.perf.cluster.ManagedCluster;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.workload.Keyspace;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How fast a member comes back: with {@code keys} keys stored, a follower is stopped and started
 * again, and the time from its start to ready is measured (MeshKit {@code /readyz}, etcd
 * {@code /health}); then the same follower is stopped while {@code entries} more writes commit, and the
 * time from its start until it has applied everything the leader had is measured. The same for every
 * system; writes go to the members that stay up.
 */
public final class Recovery {
  private static final int IN_FLIGHT = 64;
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private static final long POLL_MS = 20;

  /** One system's result; durations in seconds. */
  public record Result(String system, int keys, int entries, double restartToReadySeconds, double catchUpSeconds,
      long entriesBehind) {}

  private Recovery() {}

  public static Result measure(ManagedCluster cluster, KvTarget target, int keys, int entries) throws Exception {
    int n = cluster.clientEndpoints().size();
    int follower = (leader(cluster) + 1) % n;
    write(target, keys, 0, follower, n);

    cluster.stopMember(follower);
    long started = System.nanoTime();
    cluster.startMember(follower);
    awaitTrue(() -> cluster.ready(follower), "member " + follower + " ready after a restart");
    double restart = (System.nanoTime() - started) / 1e9;

    long followerAt = appliedIndex(cluster, follower);
    cluster.stopMember(follower);
    write(target, entries, keys, follower, n);
    long goal = appliedIndex(cluster, leader(cluster));
    started = System.nanoTime();
    cluster.startMember(follower);
    awaitTrue(() -> cluster.progress(follower).map(p -> p.appliedIndex() >= goal).orElse(false),
        "member " + follower + " applied up to index " + goal);
    double catchUp = (System.nanoTime() - started) / 1e9;
    return new Result(cluster.system(), keys, entries, restart, catchUp, goal - followerAt);
  }

  private static long appliedIndex(ManagedCluster cluster, int member) {
    return cluster.progress(member).orElseThrow(() -> new IllegalStateException("member " + member
        + " does not report its progress")).appliedIndex();
  }

  private static int leader(ManagedCluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < cluster.clientEndpoints().size(); i++) {
        if (cluster.progress(i).map(ManagedCluster.RaftProgress::leader).orElse(false)) {
          return i;
        }
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
    throw new IllegalStateException("no leader within " + LIMIT.toMinutes() + " minutes");
  }

  /** Puts {@code count} keys from {@code first} on, through every member but {@code avoid}. */
  private static void write(KvTarget target, int count, int first, int avoid, int members) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    byte[] value = Keyspace.value();
    CompletableFuture<?>[] writes = new CompletableFuture<?>[count];
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      int conn = (avoid + 1 + i % (members - 1)) % members;
      writes[i] = target.put(conn, String.format("perf/recovery/%07d", first + i), value)
          .whenComplete((r, t) -> inFlight.release());
    }
    CompletableFuture.allOf(writes).get(LIMIT.toMinutes(), TimeUnit.MINUTES);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not done within " + LIMIT.toMinutes() + " minutes: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
  }
}
