package io.meshkit.jepsen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, ordered history: list position is real-time order, and each op's {@link Op#index()}
 * equals its position.
 *
 * <p>Well-formedness (checked on construction): per process, invocations and completions alternate,
 * starting with an invocation, and a completion has the function and key of its invocation; a
 * process whose op ended {@link OpType#INFO} issues nothing afterwards. The last invocation of a
 * process may lack a completion; {@link #pairs()} treats it as INFO. Nemesis records (process
 * {@link Op#NEMESIS}) stand alone and are not part of any pair.
 */
public final class History {
  private final List<Op> ops;

  private History(List<Op> ops) {
    this.ops = ops;
  }

  /** A history of the given ops in the given order; indexes are reassigned to list positions. */
  public static History of(List<Op> ops) {
    List<Op> indexed = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      indexed.add(op.index() == i ? op : op.withIndex(i));
    }
    History history = new History(List.copyOf(indexed));
    history.pairs();
    return history;
  }

  public List<Op> ops() {
    return ops;
  }

  /** The nemesis records, in order. */
  public List<Op> nemesisOps() {
    return ops.stream().filter(op -> op.function().isNemesis()).toList();
  }

  public int size() {
    return ops.size();
  }

  /**
   * Invocations paired with their completions, in invocation order.
   *
   * @throws IllegalArgumentException if the history is not well formed
   */
  public List<OpPair> pairs() {
    Map<Integer, Op> pending = new HashMap<>();
    Set<Integer> retired = new HashSet<>();
    List<Op> invokes = new ArrayList<>();
    Map<Long, Op> completionByInvoke = new HashMap<>();
    for (Op op : ops) {
      if (op.function().isNemesis()) {
        continue;
      }
      int p = op.process();
      if (retired.contains(p)) {
        throw new IllegalArgumentException("process " + p + " issued after an info: " + op);
      }
      if (op.type() == OpType.INVOKE) {
        if (pending.putIfAbsent(p, op) != null) {
          throw new IllegalArgumentException("process " + p + " invoked twice: " + op);
        }
        invokes.add(op);
        continue;
      }
      Op invoke = pending.remove(p);
      if (invoke == null) {
        throw new IllegalArgumentException("completion without invocation: " + op);
      }
      if (invoke.function() != op.function() || !java.util.Objects.equals(invoke.key(), op.key())) {
        throw new IllegalArgumentException("completion " + op + " does not match " + invoke);
      }
      if (op.type() == OpType.INFO) {
        retired.add(p);
      }
      completionByInvoke.put(invoke.index(), op);
    }
    List<OpPair> pairs = new ArrayList<>(invokes.size());
    for (Op invoke : invokes) {
      Op completion = completionByInvoke.get(invoke.index());
      if (completion == null) {
        completion = new Op(invoke.process(), OpType.INFO, invoke.function(), invoke.key(), null,
            Long.MAX_VALUE, Long.MAX_VALUE);
      }
      pairs.add(new OpPair(invoke, completion));
    }
    return pairs;
  }
}
