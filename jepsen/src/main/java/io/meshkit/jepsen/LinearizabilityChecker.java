package io.meshkit.jepsen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a history of single-key register operations (read, write, compare-and-set) is
 * linearizable. Keys are independent registers, so the history is split per key (P-compositionality)
 * and the keys are searched in parallel on the common fork-join pool.
 *
 * <p>Semantics: FAILed ops never took effect and are dropped; reads that did not complete OK are
 * dropped; INFO (or never completed) writes and cas may take effect at any point after invocation,
 * or never; a cas takes effect only if the register held its expected value. Registers start
 * absent, and a read of an absent register observes null.
 *
 * <p>Each key gets a budget of model steps; a key that exhausts it is UNKNOWN, never VALID.
 * Thread-safe: instances hold only configuration.
 */
public final class LinearizabilityChecker {
  /** Default per-key step budget: a few seconds of search. */
  public static final long DEFAULT_STEP_BUDGET = 20_000_000L;

  private final long stepBudgetPerKey;

  public LinearizabilityChecker() {
    this(DEFAULT_STEP_BUDGET);
  }

  public LinearizabilityChecker(long stepBudgetPerKey) {
    if (stepBudgetPerKey < 0) {
      throw new IllegalArgumentException("negative budget: " + stepBudgetPerKey);
    }
    this.stepBudgetPerKey = stepBudgetPerKey;
  }

  /**
   * @throws IllegalArgumentException if the history is malformed or holds non-register ops
   */
  public LinearizabilityResult check(History history) {
    Map<String, List<OpPair>> byKey = new HashMap<>();
    for (OpPair pair : history.pairs()) {
      byKey.computeIfAbsent(pair.key(), k -> new ArrayList<>()).add(pair);
    }
    List<KeyResult> results = byKey.entrySet().parallelStream()
        .map(e -> new RegisterSearch(e.getKey(), RegisterOp.prepare(e.getValue()), stepBudgetPerKey).run())
        .sorted(Comparator.comparing(KeyResult::key, Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
    Map<String, KeyResult> keys = new LinkedHashMap<>();
    Verdict verdict = Verdict.VALID;
    for (KeyResult r : results) {
      keys.put(r.key(), r);
      verdict = verdict.and(r.verdict());
    }
    return new LinearizabilityResult(verdict, java.util.Collections.unmodifiableMap(keys));
  }
}
