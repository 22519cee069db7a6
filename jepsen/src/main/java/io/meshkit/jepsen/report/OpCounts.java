package io.meshkit.jepsen.report;

import io.meshkit.jepsen.OpPair;
import java.util.Collection;

/**
 * How client operations ended. An invocation that never completed counts as {@code info}, as
 * {@link io.meshkit.jepsen.History#pairs()} pairs it with a synthesized INFO completion.
 *
 * @param total operations invoked ({@code ok + fail + info})
 * @param ok operations that took effect
 * @param fail operations that certainly did not take effect
 * @param info operations with an unknown outcome
 */
public record OpCounts(long total, long ok, long fail, long info) {

  /** Counts the outcomes of {@code pairs}. */
  public static OpCounts of(Collection<OpPair> pairs) {
    long ok = 0;
    long fail = 0;
    long info = 0;
    for (OpPair pair : pairs) {
      switch (pair.outcome()) {
        case OK -> ok++;
        case FAIL -> fail++;
        case INFO -> info++;
        default -> throw new IllegalArgumentException("not a completion: " + pair);
      }
    }
    return new OpCounts(pairs.size(), ok, fail, info);
  }

  /** One line, e.g. {@code "120 ops: 80 ok, 20 fail, 20 info"}. */
  public String describe() {
    return total + " ops: " + ok + " ok, " + fail + " fail, " + info + " info";
  }
}
