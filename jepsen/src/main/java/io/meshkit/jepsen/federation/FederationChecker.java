package io.meshkit.jepsen.federation;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.Verdict;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.Shard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a standby's copy of one exported namespace, from what the clusters hold once every fault is
 * healed, the writers have stopped and replication had its time to catch up, and from the primary's
 * history. Rules:
 * <ol>
 *   <li><b>copy equals source</b>: the standby has exactly the primary's shards, each with the primary's
 *       owner and epoch;</li>
 *   <li><b>exactly once</b>: in the standby's audit trail of the namespace's shards, every record is
 *       {@value #REPLICATE} (no other writer touched the copy), and per shard, after its first copy, every
 *       replicated change raises the epoch by exactly one — an epoch that does not rise is a change applied
 *       twice, one that rises by more skipped changes; the trail's last epoch is the copy's (no change
 *       without its audit record);</li>
 *   <li><b>no lost acknowledged write</b>: every transfer the primary acknowledged (an OK {@code transfer}
 *       in the history, at epoch e to owner o) is on the standby: its copy of the shard is at epoch e or
 *       later, and if its trail has epoch e, that epoch's owner is o.</li>
 * </ol>
 * UNKNOWN when nothing was put to the test: no transfer acknowledged, or none replicated after the first
 * copy. Thread-safe (stateless).
 */
public final class FederationChecker {
  /** The audit action of every change replication makes on a standby. */
  public static final String REPLICATE = "federation.replicate";
  /** Anomalies listed per rule; the rest are counted. */
  static final int MAX_LISTED = 20;

  /**
   * @param verdict INVALID with anomalies, UNKNOWN when nothing was tested
   * @param anomalies one line each, prefixed with the rule
   * @param describe one line for reports: what was compared and counted
   * @param detail per shard: the primary's and the standby's owner and epoch, and the epochs the standby's
   *     audit trail shows in order, consecutive runs collapsed ({@code 1..57, 57, 58..230} shows epoch 57
   *     applied twice)
   */
  public record Result(Verdict verdict, List<String> anomalies, String describe, String detail) {
    public Result {
      anomalies = List.copyOf(anomalies);
    }
  }

  /**
   * @param namespace the exported namespace
   * @param primary the primary's shards of it after the run
   * @param standby the standby's copies of them, read after the primary's
   * @param standbyAudit the standby's audit records whose targets start with {@code shard/<namespace>/}
   * @param history the primary's history: its OK transfers are the acknowledged writes
   */
  public Result check(String namespace, List<Shard> primary, List<Shard> standby, List<AuditRecord> standbyAudit,
      History history) {
    List<String> anomalies = new ArrayList<>();
    Map<Integer, Shard> source = byId(primary);
    Map<Integer, Shard> copy = byId(standby);
    copyEqualsSource(source, copy, anomalies);
    Trails trails = trails(namespace, standbyAudit, anomalies);
    long replicatedAfterFirst = exactlyOnce(namespace, trails, copy, anomalies);
    int acknowledged = noLostAcknowledgedWrite(history, copy, trails, anomalies);
    List<String> listed = limit(anomalies);
    Verdict verdict = !anomalies.isEmpty() ? Verdict.INVALID
        : acknowledged == 0 || replicatedAfterFirst == 0 ? Verdict.UNKNOWN : Verdict.VALID;
    String describe = source.size() + " shards on the primary, " + copy.size() + " on the standby"
        + epochRange(source) + "; " + trails.records + " audit records on the standby, " + trails.changes
        + " shard changes replicated (" + replicatedAfterFirst + " after the first copy); " + acknowledged
        + " transfers acknowledged by the primary";
    return new Result(verdict, listed, describe, detail(source, copy, trails));
  }

  private static String detail(Map<Integer, Shard> source, Map<Integer, Shard> copy, Trails trails) {
    StringBuilder out = new StringBuilder();
    java.util.SortedSet<Integer> ids = new java.util.TreeSet<>(source.keySet());
    ids.addAll(copy.keySet());
    ids.addAll(trails.byShard.keySet());
    for (int id : ids) {
      List<Step> steps = trails.byShard.getOrDefault(id, List.of());
      out.append("shard ").append(id).append(": primary ")
          .append(source.containsKey(id) ? show(source.get(id)) : "-").append(", standby ")
          .append(copy.containsKey(id) ? show(copy.get(id)) : "-").append("; replicated epochs ")
          .append(runs(steps.stream().map(Step::epoch).toList()))
          .append(steps.isEmpty() ? "" : " at revisions " + steps.get(0).revision() + ".."
              + steps.get(steps.size() - 1).revision()).append('\n');
    }
    return out.toString().strip();
  }

  /** {@code [1, 2, 3, 3, 4, 6]} as {@code 1..3, 3..4, 6}. */
  static String runs(List<Long> epochs) {
    if (epochs.isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    long start = epochs.get(0);
    long prev = start;
    for (int i = 1; i <= epochs.size(); i++) {
      if (i < epochs.size() && epochs.get(i) == prev + 1) {
        prev = epochs.get(i);
        continue;
      }
      out.add(start == prev ? Long.toString(start) : start + ".." + prev);
      if (i < epochs.size()) {
        start = epochs.get(i);
        prev = start;
      }
    }
    return String.join(", ", out);
  }

  private static void copyEqualsSource(Map<Integer, Shard> source, Map<Integer, Shard> copy, List<String> anomalies) {
    for (Shard s : source.values()) {
      Shard c = copy.get(s.getShardId());
      if (c == null) {
        anomalies.add("copy equals source: shard " + s.getShardId() + " (" + show(s) + " on the primary) is missing "
            + "on the standby");
      } else if (!c.getOwner().equals(s.getOwner()) || c.getEpoch() != s.getEpoch()) {
        anomalies.add("copy equals source: shard " + s.getShardId() + " is " + show(s) + " on the primary, "
            + show(c) + " on the standby");
      }
    }
    for (Shard c : copy.values()) {
      if (!source.containsKey(c.getShardId())) {
        anomalies.add("copy equals source: shard " + c.getShardId() + " (" + show(c) + ") is on the standby only");
      }
    }
  }

  /** Per shard id, the shard as each replicated change left it, in revision order; and counts. */
  private static final class Trails {
    final Map<Integer, List<Step>> byShard = new TreeMap<>();
    int records;
    long changes;
  }

  /** One change of a shard on the standby: the state after it and the revision it was applied at. */
  private record Step(long revision, String owner, long epoch) {}

  private static Trails trails(String namespace, List<AuditRecord> audit, List<String> anomalies) {
    String prefix = "shard/" + namespace + "/";
    Trails trails = new Trails();
    List<AuditRecord> ordered = audit.stream().sorted(Comparator.comparingLong(AuditRecord::getRevision)).toList();
    for (AuditRecord r : ordered) {
      boolean touched = false;
      for (AuditChange c : r.getChangesList()) {
        if (!c.getTarget().startsWith(prefix)) {
          continue;
        }
        touched = true;
        if (!r.getAction().equals(REPLICATE)) {
          anomalies.add("exactly once: " + c.getTarget() + " was changed at revision " + r.getRevision() + " by "
              + r.getAction() + " (" + r.getActor() + "), not by replication");
          continue;
        }
        int shardId = Integer.parseInt(c.getTarget().substring(prefix.length()));
        if (!c.hasAfter() || !c.getAfter().hasShard()) {
          anomalies.add("exactly once: " + c.getTarget() + " was deleted at revision " + r.getRevision());
          continue;
        }
        Shard after = c.getAfter().getShard();
        trails.byShard.computeIfAbsent(shardId, id -> new ArrayList<>())
            .add(new Step(r.getRevision(), after.getOwner(), after.getEpoch()));
        trails.changes++;
      }
      trails.records += touched ? 1 : 0;
    }
    return trails;
  }

  /** Returns how many changes were replicated after each shard's first copy. */
  private static long exactlyOnce(String namespace, Trails trails, Map<Integer, Shard> copy, List<String> anomalies) {
    long after = 0;
    for (Map.Entry<Integer, List<Step>> e : trails.byShard.entrySet()) {
      String target = "shard/" + namespace + "/" + e.getKey();
      List<Step> steps = e.getValue();
      for (int i = 1; i < steps.size(); i++) {
        Step prev = steps.get(i - 1);
        Step next = steps.get(i);
        after++;
        if (next.epoch() == prev.epoch() + 1) {
          continue;
        }
        if (next.epoch() <= prev.epoch()) {
          anomalies.add("exactly once: " + target + " epoch " + next.epoch() + " applied twice (at revision "
              + next.revision() + ", after epoch " + prev.epoch() + " at revision " + prev.revision() + ")");
        } else {
          anomalies.add("exactly once: " + target + " skipped epoch" + (next.epoch() - prev.epoch() > 2 ? "s " : " ")
              + (prev.epoch() + 1) + (next.epoch() - prev.epoch() > 2 ? ".." + (next.epoch() - 1) : "")
              + " (from " + prev.epoch() + " at revision " + prev.revision() + " to " + next.epoch()
              + " at revision " + next.revision() + ")");
        }
      }
      Shard c = copy.get(e.getKey());
      Step last = steps.get(steps.size() - 1);
      if (c != null && c.getEpoch() != last.epoch()) {
        anomalies.add("exactly once: " + target + " is at epoch " + c.getEpoch() + " on the standby, but its audit "
            + "trail ends at epoch " + last.epoch() + " (revision " + last.revision() + ")");
      }
    }
    return after;
  }

  /** Returns how many transfers the primary acknowledged. */
  private static int noLostAcknowledgedWrite(History history, Map<Integer, Shard> copy, Trails trails,
      List<String> anomalies) {
    int acknowledged = 0;
    for (Op op : history.ops()) {
      if (op.function() != OpFunction.TRANSFER || op.type() != OpType.OK) {
        continue;
      }
      acknowledged++;
      ShardState ack = op.shardState();
      Shard c = copy.get(ack.shardId());
      if (c == null || c.getEpoch() < ack.epoch()) {
        anomalies.add("no lost acknowledged write: transfer of shard " + ack.shardId() + " to " + ack.owner()
            + " acknowledged at epoch " + ack.epoch() + " (history index " + op.index() + "), but the standby has "
            + (c == null ? "no copy of the shard" : show(c)));
        continue;
      }
      for (Step s : trails.byShard.getOrDefault(ack.shardId(), List.of())) {
        if (s.epoch() == ack.epoch() && !s.owner().equals(ack.owner())) {
          anomalies.add("no lost acknowledged write: transfer of shard " + ack.shardId() + " to " + ack.owner()
              + " acknowledged at epoch " + ack.epoch() + " (history index " + op.index() + "), but the standby "
              + "replicated epoch " + ack.epoch() + " with owner " + s.owner() + " (revision " + s.revision() + ")");
        }
      }
    }
    return acknowledged;
  }

  private static Map<Integer, Shard> byId(List<Shard> shards) {
    Map<Integer, Shard> out = new TreeMap<>();
    shards.forEach(s -> out.put(s.getShardId(), s));
    return out;
  }

  /** At most {@link #MAX_LISTED} anomalies of each rule, then how many more that rule had. */
  private static List<String> limit(List<String> anomalies) {
    Map<String, Integer> perRule = new TreeMap<>();
    List<String> out = new ArrayList<>();
    for (String a : anomalies) {
      String rule = a.substring(0, a.indexOf(':'));
      int n = perRule.merge(rule, 1, Integer::sum);
      if (n <= MAX_LISTED) {
        out.add(a);
      }
    }
    perRule.forEach((rule, n) -> {
      if (n > MAX_LISTED) {
        out.add(rule + ": " + (n - MAX_LISTED) + " more");
      }
    });
    return out;
  }

  private static String epochRange(Map<Integer, Shard> shards) {
    long min = shards.values().stream().mapToLong(Shard::getEpoch).min().orElse(0);
    long max = shards.values().stream().mapToLong(Shard::getEpoch).max().orElse(0);
    return shards.isEmpty() ? "" : " (epochs " + min + (min == max ? "" : "–" + max) + ")";
  }

  private static String show(Shard s) {
    return s.getOwner() + "@" + s.getEpoch();
  }
}
