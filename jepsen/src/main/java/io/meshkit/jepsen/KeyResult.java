package io.meshkit.jepsen;

import java.util.List;

/**
 * Linearizability verdict for one key.
 *
 * @param key the key (null for keyless histories)
 * @param verdict VALID, INVALID, or UNKNOWN when the step budget ran out
 * @param opCount ops the search considered (after dropping failed ops and non-OK reads)
 * @param steps model steps tried
 * @param linearization for VALID a full linearization; otherwise the longest linearizable prefix found
 * @param failedOp for INVALID the earliest-returning op that could not be linearized after that prefix
 * @param stateBeforeFailure register value after the prefix (null = absent)
 */
public record KeyResult(
    String key,
    Verdict verdict,
    int opCount,
    long steps,
    List<OpPair> linearization,
    OpPair failedOp,
    Long stateBeforeFailure) {

  /** A short human-readable excerpt: the verdict, the last {@code tail} linearized ops and the failure. */
  public String describe(int tail) {
    StringBuilder out = new StringBuilder();
    out.append("key ").append(key).append(": ").append(verdict)
        .append(" (").append(opCount).append(" ops, ").append(steps).append(" steps)\n");
    if (verdict == Verdict.VALID) {
      return out.toString();
    }
    int from = Math.max(0, linearization.size() - tail);
    out.append("  longest linearizable prefix: ").append(linearization.size()).append(" ops")
        .append(from > 0 ? ", last " + tail : "").append('\n');
    for (OpPair pair : linearization.subList(from, linearization.size())) {
      out.append("    ").append(pair).append('\n');
    }
    if (failedOp != null) {
      out.append("  register then holds ").append(stateBeforeFailure)
          .append("; cannot linearize: ").append(failedOp).append('\n');
    }
    return out.toString();
  }
}
