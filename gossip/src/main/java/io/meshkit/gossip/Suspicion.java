package io.meshkit.gossip;

import java.util.HashSet;
import java.util.Set;

/**
 * Lifeguard's suspicion timer: it starts at {@code max} and shrinks toward {@code min} as
 * independent members confirm the suspicion — {@code timeout = max - (max - min) · log(c + 1) /
 * log(k + 1)} for c confirmations of the k expected — so a member many others cannot reach is
 * declared dead sooner, while one that a single slow prober suspects gets the full time to refute.
 */
final class Suspicion {
  private final long startMillis;
  private final long minMillis;
  private final long maxMillis;
  private final int expected;
  private final Set<String> confirmations = new HashSet<>();

  Suspicion(String from, long startMillis, long minMillis, long maxMillis, int expected) {
    this.startMillis = startMillis;
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.expected = Math.max(1, expected);
    confirmations.add(from);
  }

  /** Records a suspicion from {@code from}; true when it is a new, independent one. */
  boolean confirm(String from) {
    return confirmations.size() <= expected && confirmations.add(from);
  }

  long deadlineMillis() {
    int c = Math.min(confirmations.size() - 1, expected);
    double fraction = Math.log(c + 1.0) / Math.log(expected + 1.0);
    long timeout = Math.max(minMillis, (long) (maxMillis - (maxMillis - minMillis) * fraction));
    return startMillis + timeout;
  }
}
