package io.meshkit.jepsen.report;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The condensed outcome of a run; serialized as {@code summary.json} by {@link SummaryJson}.
 *
 * @param run what was run
 * @param verdict {@link Verdict#and} over all checks; UNKNOWN if there are none
 * @param operations outcome counts over all client operations (invocations)
 * @param byFunction outcome counts per function, keyed by lower-case function name, in {@link OpFunction} order
 * @param okLatency latency of the operations that completed OK
 * @param nemesisEvents number of nemesis records (faults and heals)
 * @param checks the checkers' outcomes, in the order given
 */
public record RunSummary(RunMetadata run, Verdict verdict, OpCounts operations, Map<String, OpCounts> byFunction,
    LatencyStats okLatency, int nemesisEvents, List<CheckSection> checks) {

  public RunSummary {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(okLatency, "okLatency");
    byFunction = byFunction == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(byFunction));
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** Summarizes {@code history} as checked by {@code checks}. */
  public static RunSummary of(RunMetadata run, History history, List<CheckSection> checks) {
    Timeline timeline = Timeline.of(history);
    List<OpPair> pairs = history.pairs();
    Map<OpFunction, List<OpPair>> grouped = new EnumMap<>(OpFunction.class);
    List<Long> okLatencies = new ArrayList<>();
    for (OpPair pair : pairs) {
      grouped.computeIfAbsent(pair.function(), f -> new ArrayList<>()).add(pair);
      if (pair.outcome() == OpType.OK) {
        okLatencies.add(timeline.latencyNanos(pair));
      }
    }
    Map<String, OpCounts> byFunction = new LinkedHashMap<>();
    grouped.forEach((function, list) -> byFunction.put(function.name().toLowerCase(Locale.ROOT), OpCounts.of(list)));
    return new RunSummary(run, overall(checks), OpCounts.of(pairs), byFunction,
        LatencyStats.ofNanos(okLatencies.stream().mapToLong(Long::longValue).toArray()),
        history.nemesisOps().size(), checks);
  }

  /** {@link Verdict#and} over the checks' verdicts; UNKNOWN for no checks, since nothing was shown valid. */
  private static Verdict overall(List<CheckSection> checks) {
    return checks.stream().map(CheckSection::verdict).reduce(Verdict::and).orElse(Verdict.UNKNOWN);
  }
}
