package io.meshkit.perf.load;

import java.util.concurrent.CompletableFuture;

/** One request of a workload; the future completes when the system answered (or failed). */
@FunctionalInterface
public interface Operation {
  /**
   * @param worker the closed-loop client (or open-loop slot) issuing it, from 0
   * @param seq a sequence number unique within the run
   */
  CompletableFuture<?> issue(int worker, long seq);
}
