package io.meshkit.jepsen;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checks a grow-only set workload: {@code ADD} ops of distinct elements, then a final {@code READ}
 * issued after every add has completed (the last OK read in the history is taken as final). Every
 * acknowledged (OK) add must be in the final read, and every element read must have been attempted by
 * an OK or INFO add (a FAILed add that shows up is unexpected). Keys are ignored. Stateless.
 */
public final class SetChecker {

  public SetResult check(History history) {
    Set<Long> acknowledged = new HashSet<>();
    Set<Long> attempted = new HashSet<>();
    Set<Long> indeterminate = new HashSet<>();
    OpPair finalRead = null;
    for (OpPair pair : history.pairs()) {
      if (pair.function() == OpFunction.ADD) {
        Long element = pair.invoke().longValue();
        switch (pair.outcome()) {
          case OK -> { acknowledged.add(element); attempted.add(element); }
          case INFO -> { indeterminate.add(element); attempted.add(element); }
          default -> { }
        }
      } else if (pair.function() == OpFunction.READ && pair.outcome() == OpType.OK
          && (finalRead == null || pair.completion().index() > finalRead.completion().index())) {
        finalRead = pair;
      }
    }
    if (finalRead == null) {
      return new SetResult(Verdict.UNKNOWN, Collections.emptySortedSet(), Collections.emptySortedSet(),
          acknowledged.size(), 0);
    }
    Set<Long> read = new HashSet<>(finalRead.completion().elements());
    SortedSet<Long> lost = new TreeSet<>(acknowledged);
    lost.removeAll(read);
    SortedSet<Long> unexpected = new TreeSet<>(read);
    unexpected.removeAll(attempted);
    int recovered = (int) indeterminate.stream().filter(read::contains).count();
    Verdict verdict = lost.isEmpty() && unexpected.isEmpty() ? Verdict.VALID : Verdict.INVALID;
    return new SetResult(verdict, Collections.unmodifiableSortedSet(lost),
        Collections.unmodifiableSortedSet(unexpected), acknowledged.size(), recovered);
  }
}
