package io.meshkit.jepsen.leadership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks the lease and election workload. Per scope:
 * <ul>
 *   <li><b>exclusive</b>: no two tenures of different clients overlap in time (both believed they
 *       led at once);</li>
 *   <li><b>monotonic tokens</b>: ordered by start, each tenure's token is larger than the previous
 *       one's;</li>
 *   <li><b>fences held</b>: every accepted fenced write carried the token current at its revision —
 *       the largest token whose office began at or before that revision (a token is the revision at
 *       which its leader took office).</li>
 * </ul>
 * Tokens come from the cluster's answers, so the last rule also catches a write accepted with a
 * token the cluster should have considered stale.
 */
public final class LeadershipChecker {
  private LeadershipChecker() {}

  /** Everything found wrong; empty when the history is valid. */
  public static List<String> check(List<Tenure> tenures, List<FencedWrite> writes) {
    List<String> anomalies = new ArrayList<>();
    Map<String, List<Tenure>> byScope = tenures.stream()
        .collect(Collectors.groupingBy(Tenure::scope, TreeMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Tenure>> scope : byScope.entrySet()) {
      List<Tenure> ordered = new ArrayList<>(scope.getValue());
      ordered.sort(Comparator.comparingLong(Tenure::fromNanos));
      for (int i = 0; i < ordered.size(); i++) {
        Tenure a = ordered.get(i);
        if (i > 0 && a.token() <= ordered.get(i - 1).token()) {
          anomalies.add("scope " + scope.getKey() + ": token " + a.token() + " of " + a.client()
              + " does not exceed the previous leader's " + ordered.get(i - 1).token());
        }
        for (int j = i + 1; j < ordered.size() && ordered.get(j).fromNanos() < a.untilNanos(); j++) {
          Tenure b = ordered.get(j);
          if (!b.client().equals(a.client())) {
            anomalies.add("scope " + scope.getKey() + ": " + a.client() + " (token " + a.token() + ") and "
                + b.client() + " (token " + b.token() + ") both led for "
                + (Math.min(a.untilNanos(), b.untilNanos()) - b.fromNanos()) / 1_000_000 + " ms");
          }
        }
      }
    }
    for (FencedWrite w : writes) {
      long current = byScope.getOrDefault(w.scope(), List.of()).stream().mapToLong(Tenure::token)
          .filter(t -> t <= w.revision()).max().orElse(0);
      if (current != w.token()) {
        anomalies.add("scope " + w.scope() + ": a write fenced with token " + w.token() + " was accepted at revision "
            + w.revision() + ", when the current token was " + (current == 0 ? "none" : current));
      }
    }
    return anomalies;
  }
}
