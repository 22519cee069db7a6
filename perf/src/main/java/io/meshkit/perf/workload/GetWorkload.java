package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.systems.KvTarget;

/** Single-key reads of 1,000 preloaded keys, linearizable or serializable. */
final class GetWorkload implements Workload {
  private final KvTarget target;
  private final boolean linearizable;

  GetWorkload(KvTarget target, boolean linearizable) {
    this.target = target;
    this.linearizable = linearizable;
  }

  @Override
  public void prepare() throws InterruptedException {
    Keyspace.preloadReadKeys(target);
  }

  @Override
  public Operation operation() {
    return (worker, seq) -> target.get(worker, Keyspace.randomReadKey(), linearizable);
  }
}
