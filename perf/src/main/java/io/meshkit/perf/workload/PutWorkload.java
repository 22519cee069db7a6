package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.systems.KvTarget;

/** Puts of a 256-byte value to a random key among 100,000. */
final class PutWorkload implements Workload {
  private final KvTarget target;
  private final byte[] value = Keyspace.value();

  PutWorkload(KvTarget target) {
    this.target = target;
  }

  @Override
  public Operation operation() {
    return (worker, seq) -> target.put(worker, Keyspace.randomWriteKey(), value);
  }
}
