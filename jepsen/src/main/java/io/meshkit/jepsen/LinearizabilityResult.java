package io.meshkit.jepsen;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Linearizability verdict for a whole history: the per-key verdicts combined with {@link Verdict#and}.
 *
 * @param keys per-key results, ordered by key (a null key first)
 */
public record LinearizabilityResult(Verdict verdict, Map<String, KeyResult> keys) {

  /** Excerpts of every key that is not VALID. */
  public String describe(int tail) {
    return "linearizability: " + verdict + " over " + keys.size() + " keys\n"
        + keys.values().stream()
            .filter(k -> k.verdict() != Verdict.VALID)
            .map(k -> k.describe(tail))
            .collect(Collectors.joining());
  }
}
