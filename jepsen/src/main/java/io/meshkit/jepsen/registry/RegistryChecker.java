package io.meshkit.jepsen.registry;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.ShardTransfer;
import io.meshkit.jepsen.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks the registry workload's history, shard by shard. An <i>answer</i> is an OK shard read, key
 * resolution or transfer; it shows the shard's owner, epoch and mod revision at the revision it was
 * served at. Rules:
 * <ol>
 *   <li><b>one state per revision</b>: answers served at the same revision show the same owner, epoch
 *       and mod revision;</li>
 *   <li><b>one owner per epoch</b>: answers showing the same epoch name the same owner;</li>
 *   <li><b>epochs advance with revisions</b>: an answer at revision R with mod revision M shows that its
 *       epoch held over [M, R]; an epoch is never seen at or after the revision a larger one began.
 *       This implies that the epoch never decreases as the revision grows;</li>
 *   <li><b>transfers apply as asked</b>: an OK transfer produced epoch {@code expected + 1} with its
 *       target as owner, and no two OK transfers of a shard expected the same epoch (one winner per
 *       epoch);</li>
 *   <li><b>no phantom epochs</b>: an answer's epoch is at most 1 + the number of the shard's transfers
 *       that were OK or indeterminate and invoked before the answer completed, and an epoch e > 1
 *       owned by X is explained by such a transfer to X at expected epoch e - 1;</li>
 *   <li><b>linearizable answers</b>: an answer invoked after another answer about the shard completed
 *       shows at least that one's epoch and revision (in particular, a read that starts after a
 *       transfer returned sees its epoch or a later one).</li>
 * </ol>
 * Shard creation is not in the history: epoch 1's owner is whatever the answers say. Stateless but for
 * whether rule 5 applies (see the constructors).
 */
public final class RegistryChecker {
  /** Anomalies listed in full per shard; the rest are counted. */
  static final int MAX_LISTED = 12;

  private final boolean onlyRecordedTransfers;

  /** A checker for a history whose transfers are the only changes of owner (the registry workload). */
  public RegistryChecker() {
    this(true);
  }

  /**
   * @param onlyRecordedTransfers whether the history's transfers are the only changes of owner; false
   *     when something outside the history moves shards (the rebalance controller), which turns off the
   *     rule that needs them all: no phantom epochs
   */
  public RegistryChecker(boolean onlyRecordedTransfers) {
    this.onlyRecordedTransfers = onlyRecordedTransfers;
  }

  /** The verdict: INVALID with anomalies, UNKNOWN if no answer about any shard was recorded. */
  public RegistryResult check(History history) {
    Map<Integer, ShardHistory> shards = ShardHistory.of(history);
    List<String> listed = new ArrayList<>();
    int answers = 0;
    long highestEpoch = 0;
    for (ShardHistory shard : shards.values()) {
      List<String> anomalies = new ArrayList<>();
      oneStatePerRevision(shard, anomalies);
      oneOwnerPerEpoch(shard, anomalies);
      epochsAdvanceWithRevisions(shard, anomalies);
      transfersApplyAsAsked(shard, anomalies);
      if (onlyRecordedTransfers) {
        noPhantomEpochs(shard, anomalies);
      }
      answersAreLinearizable(shard, anomalies);
      listed.addAll(anomalies.subList(0, Math.min(MAX_LISTED, anomalies.size())));
      if (anomalies.size() > MAX_LISTED) {
        listed.add("... and " + (anomalies.size() - MAX_LISTED) + " more on shard " + shard.shardId());
      }
      answers += shard.observations().size();
      highestEpoch = Math.max(highestEpoch,
          shard.observations().stream().mapToLong(o -> o.state().epoch()).max().orElse(0));
    }
    Map<OpType, Long> transfers = shards.values().stream().flatMap(s -> s.transfers().stream())
        .collect(Collectors.groupingBy(OpPair::outcome, () -> new java.util.EnumMap<>(OpType.class),
            Collectors.counting()));
    Verdict verdict = !listed.isEmpty() ? Verdict.INVALID : answers == 0 ? Verdict.UNKNOWN : Verdict.VALID;
    return new RegistryResult(verdict, listed, shards.size(), answers, transfers.getOrDefault(OpType.OK, 0L),
        transfers.getOrDefault(OpType.INFO, 0L), transfers.getOrDefault(OpType.FAIL, 0L), highestEpoch);
  }

  private static void oneStatePerRevision(ShardHistory shard, List<String> anomalies) {
    Map<Long, Observation> byRevision = new HashMap<>();
    Set<List<Object>> reported = new HashSet<>();
    for (Observation o : shard.observations()) {
      Observation first = byRevision.putIfAbsent(o.state().revision(), o);
      if (first != null && !sameState(first.state(), o.state())
          && reported.add(List.of(o.state().revision(), o.state().owner(), o.state().epoch()))) {
        anomalies.add("one state per revision: shard " + shard.shardId() + " at revision " + o.state().revision()
            + " was both " + show(first.state()) + " " + first + " and " + show(o.state()) + " " + o);
      }
    }
  }

  private static void oneOwnerPerEpoch(ShardHistory shard, List<String> anomalies) {
    Map<Long, Observation> byEpoch = new HashMap<>();
    Set<List<Object>> reported = new HashSet<>();
    for (Observation o : shard.observations()) {
      Observation first = byEpoch.putIfAbsent(o.state().epoch(), o);
      if (first != null && !first.state().owner().equals(o.state().owner())
          && reported.add(List.of(o.state().epoch(), o.state().owner()))) {
        anomalies.add("one owner per epoch: shard " + shard.shardId() + " epoch " + o.state().epoch()
            + " was owned by " + first.state().owner() + " " + first + " and by " + o.state().owner() + " " + o);
      }
    }
  }

  /** Per epoch, the answer with the earliest mod revision and the one at the latest revision. */
  private static void epochsAdvanceWithRevisions(ShardHistory shard, List<String> anomalies) {
    TreeMap<Long, Observation> begins = new TreeMap<>();
    Map<Long, Observation> lastSeen = new HashMap<>();
    for (Observation o : shard.observations()) {
      ShardState s = o.state();
      if (s.modRevision() > s.revision()) {
        anomalies.add("epochs advance with revisions: shard " + shard.shardId() + " answered at revision "
            + s.revision() + " with a later mod revision " + s.modRevision() + " " + o);
      }
      begins.merge(s.epoch(), o, (a, b) -> a.state().modRevision() <= b.state().modRevision() ? a : b);
      lastSeen.merge(s.epoch(), o, (a, b) -> a.state().revision() >= b.state().revision() ? a : b);
    }
    Long previous = null;
    for (Map.Entry<Long, Observation> next : begins.entrySet()) {
      if (previous != null) {
        Observation old = lastSeen.get(previous);
        Observation newer = next.getValue();
        if (old.state().revision() >= newer.state().modRevision()) {
          anomalies.add("epochs advance with revisions: shard " + shard.shardId() + " was still at epoch "
              + previous + " at revision " + old.state().revision() + " " + old + ", but epoch " + next.getKey()
              + " held from revision " + newer.state().modRevision() + " " + newer);
        }
      }
      previous = next.getKey();
    }
  }

  private static void transfersApplyAsAsked(ShardHistory shard, List<String> anomalies) {
    Map<Long, List<OpPair>> winners = new TreeMap<>();
    for (OpPair t : shard.transfers()) {
      if (t.outcome() != OpType.OK) {
        continue;
      }
      ShardTransfer asked = t.invoke().shardTransfer();
      ShardState after = t.completion().shardState();
      if (after.epoch() != asked.expectedEpoch() + 1 || !after.owner().equals(asked.to())) {
        anomalies.add("transfers apply as asked: shard " + shard.shardId() + " transfer to " + asked.to()
            + " at epoch " + asked.expectedEpoch() + " produced " + show(after) + " [" + t + "]");
      }
      winners.computeIfAbsent(asked.expectedEpoch(), e -> new ArrayList<>()).add(t);
    }
    winners.forEach((epoch, won) -> {
      if (won.size() > 1) {
        anomalies.add("transfers apply as asked: shard " + shard.shardId() + " had " + won.size()
            + " successful transfers at epoch " + epoch + ": " + won);
      }
    });
  }

  private static void noPhantomEpochs(ShardHistory shard, List<String> anomalies) {
    List<OpPair> possible = shard.possiblyApplied();
    long[] invoked = possible.stream().mapToLong(t -> t.invoke().index()).toArray();
    Set<List<Object>> reported = new HashSet<>();
    for (Observation o : shard.observations()) {
      ShardState s = o.state();
      int before = countBelow(invoked, o.completed());
      if (s.epoch() > 1 + before && reported.add(List.of("count", s.epoch()))) {
        anomalies.add("no phantom epochs: shard " + shard.shardId() + " showed epoch " + s.epoch() + " " + o
            + " when only " + before + " of its transfers could have applied");
      }
      boolean explained = s.epoch() == 1 || possible.subList(0, before).stream().anyMatch(t ->
          t.invoke().shardTransfer().expectedEpoch() == s.epoch() - 1 && t.invoke().shardTransfer().to()
              .equals(s.owner()));
      if (!explained && reported.add(List.of("owner", s.epoch(), s.owner()))) {
        anomalies.add("no phantom epochs: shard " + shard.shardId() + " showed " + show(s) + " " + o
            + " but no transfer to " + s.owner() + " at epoch " + (s.epoch() - 1) + " could have applied by then");
      }
    }
  }

  /** Sweeps answers in invocation order against the answers completed before each was invoked. */
  private static void answersAreLinearizable(ShardHistory shard, List<String> anomalies) {
    List<Observation> byInvocation = shard.observations();
    List<Observation> byCompletion = new ArrayList<>(byInvocation);
    byCompletion.sort(Comparator.comparingLong(Observation::completed));
    Observation highestEpoch = null;
    Observation highestRevision = null;
    int done = 0;
    for (Observation o : byInvocation) {
      while (done < byCompletion.size() && byCompletion.get(done).completed() < o.invoked()) {
        Observation c = byCompletion.get(done++);
        if (highestEpoch == null || c.state().epoch() > highestEpoch.state().epoch()) {
          highestEpoch = c;
        }
        if (highestRevision == null || c.state().revision() > highestRevision.state().revision()) {
          highestRevision = c;
        }
      }
      if (highestEpoch != null && o.state().epoch() < highestEpoch.state().epoch()) {
        anomalies.add("linearizable answers: shard " + shard.shardId() + " showed epoch " + o.state().epoch() + " "
            + o + " after " + show(highestEpoch.state()) + " had been answered " + highestEpoch);
      } else if (highestRevision != null && o.state().revision() < highestRevision.state().revision()) {
        anomalies.add("linearizable answers: shard " + shard.shardId() + " answered at revision "
            + o.state().revision() + " " + o + " after an answer at revision " + highestRevision.state().revision()
            + " " + highestRevision);
      }
    }
  }

  /** How many of the ascending, distinct {@code values} are below {@code bound}. */
  private static int countBelow(long[] values, long bound) {
    int at = Arrays.binarySearch(values, bound);
    return at >= 0 ? at : -at - 1;
  }

  private static boolean sameState(ShardState a, ShardState b) {
    return a.owner().equals(b.owner()) && a.epoch() == b.epoch() && a.modRevision() == b.modRevision();
  }

  private static String show(ShardState s) {
    return s.owner() + "@" + s.epoch();
  }
}
