package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.load.Window;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.systems.LeaseRenewals;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Puts measured while N leases are renewed once a second over a few keepalive streams: what holding
 * many leases costs the write path. Compare its put latency with the {@code put} workload at the same
 * rate. The leases are revoked when the run ends, so their expiry cannot disturb the next run.
 */
final class LeaseKeepaliveWorkload implements Workload {
  private static final long TTL_SECONDS = 10;
  private static final int STREAMS = 8;
  private static final int GRANTS_IN_FLIGHT = 64;

  private final KvTarget target;
  private final int leases;
  private final byte[] value = Keyspace.value();
  private final List<Long> ids = new CopyOnWriteArrayList<>();
  private LeaseRenewals renewals;
  private long renewedAtStart;
  private long startNanos;

  LeaseKeepaliveWorkload(KvTarget target, int leases) {
    this.target = target;
    this.leases = leases;
  }

  /** Grants the leases, starts renewing them and lets the renewals settle for two rounds. */
  @Override
  public void prepare() throws Exception {
    Semaphore inFlight = new Semaphore(GRANTS_IN_FLIGHT);
    CompletableFuture<?>[] grants = new CompletableFuture<?>[leases];
    for (int i = 0; i < leases; i++) {
      inFlight.acquire();
      grants[i] = target.grantLease(i, TTL_SECONDS).thenAccept(ids::add).whenComplete((r, t) -> inFlight.release());
    }
    CompletableFuture.allOf(grants).get(5, TimeUnit.MINUTES);
    renewals = target.renewEverySecond(List.copyOf(ids), STREAMS);
    TimeUnit.SECONDS.sleep(2);
  }

  @Override
  public void measuring(Window window) {
    renewedAtStart = renewals.acknowledged();
    startNanos = System.nanoTime();
  }

  @Override
  public Operation operation() {
    return (worker, seq) -> target.put(worker, Keyspace.randomWriteKey(), value);
  }

  /** Renewals acknowledged per second from the start of the run until now, and failed streams. */
  @Override
  public Map<String, Double> extras(Window window) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    return Map.of("leases", (double) leases,
        "renewals_per_s", (renewals.acknowledged() - renewedAtStart) / elapsed,
        "failed_keepalive_streams", (double) renewals.failedStreams());
  }

  @Override
  public void close() {
    if (renewals != null) {
      renewals.close();
    }
    Semaphore inFlight = new Semaphore(GRANTS_IN_FLIGHT);
    for (int i = 0; i < ids.size(); i++) {
      inFlight.acquireUninterruptibly();
      target.revokeLease(i, ids.get(i)).whenComplete((r, t) -> inFlight.release());
    }
    inFlight.acquireUninterruptibly(GRANTS_IN_FLIGHT);
  }
}
