package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.systems.KvTarget;
import java.util.concurrent.ThreadLocalRandom;

/** 90 % linearizable reads of the preloaded keys, 10 % puts over the write keyspace. */
final class MixedWorkload implements Workload {
  private static final int WRITE_PERCENT = 10;

  private final KvTarget target;
  private final byte[] value = Keyspace.value();

  MixedWorkload(KvTarget target) {
    this.target = target;
  }

  @Override
  public void prepare() throws InterruptedException {
    Keyspace.preloadReadKeys(target);
  }

  @Override
  public Operation operation() {
    return (worker, seq) -> ThreadLocalRandom.current().nextInt(100) < WRITE_PERCENT
        ? target.put(worker, Keyspace.randomWriteKey(), value)
        : target.get(worker, Keyspace.randomReadKey(), true);
  }
}
