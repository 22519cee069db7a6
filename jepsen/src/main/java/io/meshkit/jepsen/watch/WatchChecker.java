package io.meshkit.jepsen.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks what one watcher delivered against the writes the cluster acknowledged. Over the span the
 * watcher covered (its start revision up to the last revision it reached), it must have delivered
 * every acknowledged change of its keys, in revision order, each once; anything else it delivered
 * must be a change some writer attempted without learning the outcome (indeterminate).
 */
public final class WatchChecker {
  private WatchChecker() {}

  /**
   * @param delivered what the watcher received, in arrival order (across reconnects)
   * @param acknowledged changes whose writes completed OK
   * @param indeterminate changes whose writes got no answer (may or may not have happened)
   * @param watched which keys the watcher selected
   * @param start the revision the watch started from
   * @param reached the watcher's progress at the end: every change up to it should have arrived
   * @return everything found wrong; empty when valid
   */
  public static List<String> check(List<Change> delivered, Set<Change> acknowledged, Set<Change> indeterminate,
      Predicate<String> watched, long start, long reached) {
    List<String> anomalies = new ArrayList<>();
    Set<Change> seen = new HashSet<>();
    long last = Long.MIN_VALUE;
    for (Change c : delivered) {
      if (c.revision() < last) {
        anomalies.add("revision " + c.revision() + " (" + c.key() + ") arrived after revision " + last);
      }
      last = Math.max(last, c.revision());
      if (!seen.add(c)) {
        anomalies.add("revision " + c.revision() + " (" + c.key() + ") arrived twice");
      }
      if (!acknowledged.contains(c) && !indeterminate.contains(c)) {
        anomalies.add("revision " + c.revision() + " (" + c.key() + ") was never written");
      }
      if (!watched.test(c.key())) {
        anomalies.add("revision " + c.revision() + " changed " + c.key() + ", which the watch does not select");
      }
    }
    acknowledged.stream()
        .filter(c -> watched.test(c.key()) && c.revision() >= start && c.revision() <= reached && !seen.contains(c))
        .sorted(java.util.Comparator.comparingLong(Change::revision))
        .forEach(c -> anomalies.add("revision " + c.revision() + " (" + c.key() + ") was acknowledged but never"
            + " delivered"));
    return anomalies;
  }
}
