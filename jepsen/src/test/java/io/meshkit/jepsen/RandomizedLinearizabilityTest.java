package io.meshkit.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Histories simulated from real registers must check VALID; one corrupted read must make them INVALID. */
class RandomizedLinearizabilityTest {
  private static final int SEEDS = 500;
  private final LinearizabilityChecker checker = new LinearizabilityChecker(5_000_000);

  @Test
  void simulatedHistoriesAreLinearizable() {
    for (long s = 0; s < SEEDS; s++) {
      long seed = s;
      History h = simulate(seed);
      LinearizabilityResult r = checker.check(h);
      assertEquals(Verdict.VALID, r.verdict(), () -> "seed " + seed + "\n" + r.describe(10));
    }
  }

  @Test
  void oneCorruptedReadIsInvalid() {
    int checked = 0;
    for (long s = 0; s < SEEDS; s++) {
      long seed = s;
      History h = simulate(seed);
      History bad = RegisterSimulation.corruptOneRead(h, seed);
      if (bad == null) {
        continue;
      }
      LinearizabilityResult r = checker.check(bad);
      assertEquals(Verdict.INVALID, r.verdict(), () -> "seed " + seed + "\n" + r.describe(10));
      checked++;
    }
    assertEquals(true, checked > SEEDS * 9 / 10, "too few histories had a read: " + checked);
  }

  /** 2-6 processes, 1-3 keys, up to ~150 invocations over 5 values, 5% indeterminate. */
  private static History simulate(long seed) {
    List<String> keys = List.of("a", "b", "c").subList(0, 1 + (int) (seed % 3));
    return RegisterSimulation.generate(seed, 2 + (int) (seed % 5), 20 + (int) (seed % 131), keys, 0.05, 5);
  }

  @Test
  void verdictSurvivesJsonRoundTrip() throws Exception {
    History h = RegisterSimulation.generate(7, 5, 200, List.of("a", "b", "c"), 0.05, 5);
    StringWriter out = new StringWriter();
    HistoryJson.write(h, out);
    History copy = HistoryJson.read(new StringReader(out.toString()));
    assertEquals(h.ops(), copy.ops());
    assertEquals(Verdict.VALID, checker.check(copy).verdict());
  }

  /**
   * Informal timing of 5-process, 1,000-invocation single-key histories, valid and with the last OK
   * read corrupted (the worst case: the whole history must be searched to prove it INVALID): unique
   * values with 1% indeterminate ops as in real runs, and only 5 distinct values without
   * indeterminate ops (with both, proving INVALID is exponential in the indeterminate writes).
   */
  @Test
  void thousandOpSingleKeyHistory() {
    for (int valueRange : new int[] {1_000_000, 5}) {
      double infoRate = valueRange == 5 ? 0.0 : 0.01;
      History h = RegisterSimulation.generate(42, 5, 1000, List.of("x"), infoRate, valueRange);
      long start = System.nanoTime();
      LinearizabilityResult valid = new LinearizabilityChecker().check(h);
      long validMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Verdict.VALID, valid.verdict(), valid.describe(10));

      History bad = corruptLastRead(h);
      start = System.nanoTime();
      LinearizabilityResult invalid = new LinearizabilityChecker().check(bad);
      long invalidMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Verdict.INVALID, invalid.verdict());
      System.out.printf("1000-op history, %d values: valid in %d ms (%d steps), "
              + "last read corrupted: invalid in %d ms (%d steps)%n",
          valueRange, validMs, valid.keys().get("x").steps(), invalidMs, invalid.keys().get("x").steps());
    }
  }

  private static History corruptLastRead(History h) {
    List<Op> ops = new ArrayList<>(h.ops());
    for (int i = ops.size() - 1; i >= 0; i--) {
      if (ops.get(i).type() == OpType.OK && ops.get(i).function() == OpFunction.READ) {
        ops.set(i, ops.get(i).withValue(RegisterSimulation.NEVER_WRITTEN));
        return History.of(ops);
      }
    }
    throw new AssertionError("no OK read");
  }
}
