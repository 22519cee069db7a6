package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.systems.KvTarget;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Compare-and-set transactions: each client owns a key and rewrites it only if its mod revision is
 * the one the client last wrote, so every transaction should succeed; a failed compare counts as
 * the error {@code CAS_CONFLICT}. Closed loop only (one request per client at a time).
 */
final class CasWorkload implements Workload {
  private final KvTarget target;
  private final byte[] value = Keyspace.value();
  /** Each client's key's last mod revision. */
  private final ConcurrentHashMap<Integer, Long> revisions = new ConcurrentHashMap<>();

  CasWorkload(KvTarget target) {
    this.target = target;
  }

  private static String key(int worker) {
    return "perf/cas/" + worker;
  }

  @Override
  public Operation operation() {
    return (worker, seq) -> {
      Long last = revisions.get(worker);
      CompletableFuture<Long> written = last == null
          ? target.put(worker, key(worker), value)
          : target.compareAndPut(worker, key(worker), last, value).thenApply(rev -> {
            if (rev < 0) {
              throw new WorkloadFailure("CAS_CONFLICT", key(worker) + " was not at mod revision " + last);
            }
            return rev;
          });
      return written.thenAccept(rev -> revisions.put(worker, rev)).orTimeout(1, TimeUnit.MINUTES);
    };
  }
}
