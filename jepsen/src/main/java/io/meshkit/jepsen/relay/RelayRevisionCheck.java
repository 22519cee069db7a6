package io.meshkit.jepsen.relay;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.RelayAnswer;
import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.nemesis.ProcessNemesis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks that every relay's route revisions never go backwards: the {@code x-meshkit-route-revision}
 * of the answers to {@link OpFunction#RELAY_GET} (key: the node whose relay answered), per relay.
 *
 * <p>A relay runs inside its node's server, so a {@code kill -9} of that server (a nemesis fault
 * record naming the node, see {@link ProcessNemesis#killedNode}) ends the relay's process lifetime
 * and the heal starts a new one. docs/relay.md ("Revisions never go back") promises monotonic
 * tables within one process; a restarted relay starts from its last known good file, which is written
 * at most every 200 ms, so after a {@code kill -9} it may legitimately route by an older table than
 * the last one its previous life answered with — until its first snapshot, which replaces that table
 * whatever its revision. The rules are therefore:
 * <ol>
 *   <li><b>monotonic within a lifetime</b>: for any two answers A and B of one relay, A completed
 *       before B was invoked (real-time order) and both certainly from the same process lifetime,
 *       revision(B) ≥ revision(A). Both are certainly from one lifetime when no kill record of the
 *       node lies between A's invocation and B's completion: a kill record is written once the
 *       process is gone and the restart comes at the heal after it, so an answer's lifetime is the
 *       number of kill records before the moment it was produced, which lies between its invocation
 *       and its completion. Answers whose interval spans a kill record are counted but not compared.
 *       The rule covers the step from the last known good table a restarted relay starts with to its
 *       first snapshot too: that snapshot replaces the table whatever its revision but, for the same
 *       cluster, is never older (it is a linearizable read).</li>
 *   <li><b>a restart falls back to its last known good table only</b>: a restarted relay routes by
 *       its last known good table (revision P) until its first snapshot succeeds; that snapshot is a
 *       linearizable read taken after the previous life ended, so it is at least every revision the
 *       previous lives routed by (for the same cluster). So within lifetime L ≥ 1, an answer whose
 *       revision exceeds the lowest of that lifetime (which is P when the old table answered at all,
 *       and otherwise already the snapshot's) must be at least the highest revision the relay
 *       answered with in earlier lifetimes. What the file held is not in the history, so a table
 *       below the previous life's last answers is allowed while it is the lifetime's first.</li>
 * </ol>
 * Any HTTP status counts as an answer (the backend's, or the relay's own 502, 503, 504, which carry
 * the header too); an answer without the header is counted and not compared. A history in which no
 * answer could be compared with an earlier one of its relay is INVALID: the check saw nothing.
 *
 * <p>A server that died on its own and was restarted by a heal changes lifetime without a kill record
 * and may be reported; its {@code server.log} tells.
 */
public final class RelayRevisionCheck {
  /** Anomalies listed in full; the rest are counted. */
  static final int MAX_LISTED = 10;

  /**
   * One relay's answers.
   *
   * @param relay the node whose relay answered
   * @param answers OK requests (any status)
   * @param withRevision answers that carried the route revision
   * @param noAnswer requests that got no answer (refused, timed out)
   * @param compared answers with a revision that followed at least one earlier answer of the same life
   * @param maxRevision the highest revision seen (0 if none)
   * @param distinctRevisions how many different revisions were seen
   * @param lifetimes 1 + the kills of the relay's node in the history
   * @param byStatus answers by HTTP status
   */
  public record RelayStats(String relay, int answers, int withRevision, int noAnswer, int compared, long maxRevision,
      int distinctRevisions, int lifetimes, Map<Integer, Integer> byStatus) {
    @Override
    public String toString() {
      return relay + ": " + answers + " answers (" + withRevision + " with a revision, " + compared + " compared), "
          + noAnswer + " without answer, revisions up to " + maxRevision + " (" + distinctRevisions + " distinct), "
          + lifetimes + (lifetimes == 1 ? " lifetime" : " lifetimes") + ", by status " + byStatus;
    }
  }

  /**
   * @param verdict INVALID with anomalies, or when nothing could be compared
   * @param anomalies one line each (at most {@value #MAX_LISTED}, then a count)
   * @param detail a history excerpt per listed anomaly
   * @param relays per relay, in relay order
   */
  public record Result(Verdict verdict, List<String> anomalies, String detail, List<RelayStats> relays) {
    public Result {
      anomalies = List.copyOf(anomalies);
      relays = List.copyOf(relays);
    }

    public int answers() {
      return relays.stream().mapToInt(RelayStats::answers).sum();
    }

    public int withRevision() {
      return relays.stream().mapToInt(RelayStats::withRevision).sum();
    }

    public int compared() {
      return relays.stream().mapToInt(RelayStats::compared).sum();
    }

    /** One line for reports, then one per relay. */
    public String describe() {
      return answers() + " relay answers, " + withRevision() + " with a route revision, " + compared()
          + " compared with an earlier answer of the same relay process\n"
          + relays.stream().map(RelayStats::toString).collect(Collectors.joining("\n"));
    }
  }

  /** An answer with a revision, and the range its lifetime lies in (kill records before invocation and completion). */
  private record Answer(OpPair pair, long revision, int lifetimeLow, int lifetimeHigh) {
    long invoked() {
      return pair.invoke().index();
    }

    long completed() {
      return pair.completion().index();
    }

    boolean certain() {
      return lifetimeLow == lifetimeHigh;
    }
  }

  public Result check(History history) {
    Map<String, List<Long>> kills = new TreeMap<>();
    for (Op op : history.nemesisOps()) {
      if (op.function() == OpFunction.FAULT && op.value() instanceof String description) {
        ProcessNemesis.killedNode(description)
            .ifPresent(node -> kills.computeIfAbsent(node, n -> new ArrayList<>()).add(op.index()));
      }
    }
    Map<String, List<OpPair>> byRelay = new TreeMap<>();
    for (OpPair pair : history.pairs()) {
      if (pair.function() == OpFunction.RELAY_GET) {
        byRelay.computeIfAbsent(pair.key(), k -> new ArrayList<>()).add(pair);
      }
    }
    List<String> anomalies = new ArrayList<>();
    List<String> excerpts = new ArrayList<>();
    List<RelayStats> stats = new ArrayList<>();
    for (Map.Entry<String, List<OpPair>> relay : byRelay.entrySet()) {
      List<Long> relayKills = kills.getOrDefault(relay.getKey(), List.of());
      stats.add(checkRelay(history, relay.getKey(), relay.getValue(), relayKills, anomalies, excerpts));
    }
    List<String> listed = new ArrayList<>(anomalies.subList(0, Math.min(MAX_LISTED, anomalies.size())));
    if (anomalies.size() > MAX_LISTED) {
      listed.add("... and " + (anomalies.size() - MAX_LISTED) + " more");
    }
    if (stats.stream().mapToInt(RelayStats::compared).sum() == 0) {
      listed.add("nothing checked: no relay answer with a route revision followed another of the same relay process");
    }
    Verdict verdict = listed.isEmpty() ? Verdict.VALID : Verdict.INVALID;
    return new Result(verdict, listed, String.join("\n\n", excerpts.subList(0, Math.min(MAX_LISTED, excerpts.size()))),
        stats);
  }

  private static RelayStats checkRelay(History history, String relay, List<OpPair> pairs, List<Long> kills,
      List<String> anomalies, List<String> excerpts) {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<Answer> answers = new ArrayList<>();
    int ok = 0;
    for (OpPair pair : pairs) {
      if (pair.outcome() != OpType.OK) {
        continue;
      }
      ok++;
      RelayAnswer answer = pair.completion().relayAnswer();
      byStatus.merge(answer.status(), 1, Integer::sum);
      if (answer.hasRevision()) {
        answers.add(new Answer(pair, answer.routeRevision(), killsBefore(kills, pair.invoke().index()),
            killsBefore(kills, pair.completion().index())));
      }
    }
    int compared = 0;
    Map<Integer, List<Answer>> lives = answers.stream().filter(Answer::certain)
        .collect(Collectors.groupingBy(Answer::lifetimeLow, TreeMap::new, Collectors.toList()));
    for (Map.Entry<Integer, List<Answer>> life : lives.entrySet()) {
      compared += withinLifetime(history, relay, life.getKey(), life.getValue(), anomalies, excerpts);
      afterRestart(history, relay, life.getKey(), life.getValue(), answers, anomalies, excerpts);
    }
    long max = answers.stream().mapToLong(Answer::revision).max().orElse(0);
    int distinct = (int) answers.stream().mapToLong(Answer::revision).distinct().count();
    return new RelayStats(relay, ok, answers.size(), pairs.size() - ok, compared, max, distinct, kills.size() + 1,
        byStatus);
  }

  /** Kill records (history indexes, ascending) before {@code index}. */
  private static int killsBefore(List<Long> kills, long index) {
    int position = Collections.binarySearch(kills, index);
    return position >= 0 ? position : -position - 1;
  }

  /**
   * Rule 1 over one lifetime's answers: each answer against the highest revision among those that
   * completed before it was invoked. Returns how many answers had such a predecessor.
   */
  private static int withinLifetime(History history, String relay, int life, List<Answer> answers,
      List<String> anomalies, List<String> excerpts) {
    List<Answer> byCompletion = answers.stream().sorted(Comparator.comparingLong(Answer::completed)).toList();
    List<Answer> byInvocation = answers.stream().sorted(Comparator.comparingLong(Answer::invoked)).toList();
    Answer highest = null;
    int next = 0;
    int compared = 0;
    for (Answer b : byInvocation) {
      while (next < byCompletion.size() && byCompletion.get(next).completed() < b.invoked()) {
        Answer a = byCompletion.get(next++);
        if (highest == null || a.revision() > highest.revision()) {
          highest = a;
        }
      }
      if (highest == null) {
        continue;
      }
      compared++;
      if (b.revision() < highest.revision()) {
        anomalies.add("monotonic within a lifetime: relay " + relay + " (lifetime " + life + ") routed by revision "
            + b.revision() + " (op " + b.invoked() + ") after it had answered at revision " + highest.revision()
            + " (op " + highest.invoked() + ", completed at " + highest.completed() + ", before " + b.invoked()
            + " was invoked)");
        excerpts.add(excerpt(history, relay, highest, b));
      }
    }
    return compared;
  }

  /** Rule 2: past its first table, a restarted relay is at least where its earlier lives got. */
  private static void afterRestart(History history, String relay, int life, List<Answer> lifeAnswers,
      List<Answer> all, List<String> anomalies, List<String> excerpts) {
    Answer earlier = all.stream().filter(a -> a.lifetimeHigh() < life).max(Comparator.comparingLong(Answer::revision))
        .orElse(null);
    if (earlier == null) {
      return;
    }
    long first = lifeAnswers.stream().mapToLong(Answer::revision).min().orElseThrow();
    for (Answer b : lifeAnswers) {
      if (b.revision() > first && b.revision() < earlier.revision()) {
        anomalies.add("a restart falls back to its last known good table only: relay " + relay + " (lifetime " + life
            + ") routed by revision " + b.revision() + " (op " + b.invoked() + "), above its first table's " + first
            + " but below revision " + earlier.revision() + " its earlier life answered with (op "
            + earlier.invoked() + ")");
        excerpts.add(excerpt(history, relay, earlier, b));
        return;
      }
    }
  }

  /** The two answers and the node's kill and heal records between them. */
  private static String excerpt(History history, String relay, Answer before, Answer after) {
    List<String> lines = new ArrayList<>();
    lines.add("relay " + relay + ":");
    lines.add("  " + before.pair());
    for (Op op : history.nemesisOps()) {
      if (op.index() > before.invoked() && op.index() < after.completed()) {
        lines.add("  " + op);
      }
    }
    lines.add("  " + after.pair());
    return String.join("\n", lines);
  }
}
