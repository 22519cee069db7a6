package io.meshkit.jepsen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wing-Gong-Lowe search for a linearization of one register's ops, depth first, with a memo of
 * visited (linearized set, register value) configurations so each is expanded at most once.
 *
 * <p>From a configuration, an op may be linearized next iff it is not yet linearized and was invoked
 * before the earliest return among unlinearized ops (otherwise that op would be ordered after an op
 * that returned before it was invoked). Indeterminate ops never return, so they never constrain
 * others and need not be linearized; the history is linearizable once every required op is.
 *
 * <p>Symmetry reduction: indeterminate ops with the same function and argument are interchangeable,
 * so one may be linearized only after its earlier-invoked twins are (any linearization using a later
 * twin stays valid with the earlier one, which was admissible at least as early).
 *
 * <p>Single use, single threaded.
 */
final class RegisterSearch {
  private final String key;
  private final List<RegisterOp> ops;
  private final long budget;
  private final int requiredCount;
  /** For each indeterminate op, the position of its previous interchangeable twin, else -1. */
  private final int[] twinBefore;
  private long steps;

  /** A configuration reached by linearizing {@code opId} after {@code parent}. */
  private record Node(BitSet linearized, Long state, Node parent, int opId, int required, int depth) {}

  private record MemoKey(BitSet linearized, Long state) {}

  /**
   * @param ops the key's ops in invocation order (from {@link RegisterOp#prepare})
   * @param budget maximum model steps before giving up with UNKNOWN
   */
  RegisterSearch(String key, List<RegisterOp> ops, long budget) {
    this.key = key;
    this.ops = ops;
    this.budget = budget;
    this.requiredCount = (int) ops.stream().filter(RegisterOp::required).count();
    this.twinBefore = new int[ops.size()];
    java.util.Map<List<Object>, Integer> lastByEffect = new java.util.HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      RegisterOp op = ops.get(i);
      Integer twin = op.required()
          ? null
          : lastByEffect.put(List.of(op.function(), op.pair().invoke().value()), i);
      twinBefore[i] = twin == null ? -1 : twin;
    }
  }

  KeyResult run() {
    Set<MemoKey> memo = new HashSet<>();
    Deque<Node> stack = new ArrayDeque<>();
    Node root = new Node(new BitSet(ops.size()), null, null, -1, 0, 0);
    stack.push(root);
    Node deepest = root;
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      if (node.required() == requiredCount) {
        return result(Verdict.VALID, node, null);
      }
      if (node.required() > deepest.required()
          || (node.required() == deepest.required() && node.depth() > deepest.depth())) {
        deepest = node;
      }
      if (!expand(node, memo, stack)) {
        return result(Verdict.UNKNOWN, deepest, null);
      }
    }
    return result(Verdict.INVALID, deepest, earliestReturning(deepest.linearized()));
  }

  /** Pushes the admissible successors of {@code node}; false if the budget ran out. */
  private boolean expand(Node node, Set<MemoKey> memo, Deque<Node> stack) {
    BitSet done = node.linearized();
    RegisterOp blocker = earliestReturning(done);
    long horizon = blocker == null ? Long.MAX_VALUE : blocker.returnedAt();
    // Explored in invocation order, determinate ops before indeterminate ones (pushed first = popped last).
    List<Node> required = new ArrayList<>();
    List<Node> optional = new ArrayList<>();
    for (int i = done.nextClearBit(0); i < ops.size() && ops.get(i).invokedAt() < horizon; i++) {
      if (done.get(i) || (twinBefore[i] >= 0 && !done.get(twinBefore[i]))) {
        continue;
      }
      RegisterOp op = ops.get(i);
      if (++steps > budget) {
        return false;
      }
      if (!RegisterModel.admits(node.state(), op)) {
        continue;
      }
      Long next = RegisterModel.apply(node.state(), op);
      BitSet bits = (BitSet) done.clone();
      bits.set(i);
      if (memo.add(new MemoKey(bits, next))) {
        int req = node.required() + (op.required() ? 1 : 0);
        (op.required() ? required : optional)
            .add(new Node(bits, next, node, i, req, node.depth() + 1));
      }
    }
    for (int i = optional.size() - 1; i >= 0; i--) {
      stack.push(optional.get(i));
    }
    for (int i = required.size() - 1; i >= 0; i--) {
      stack.push(required.get(i));
    }
    return true;
  }

  /** The unlinearized required op that returned first, or null if none is left. */
  private RegisterOp earliestReturning(BitSet done) {
    RegisterOp best = null;
    for (int i = done.nextClearBit(0); i < ops.size(); i++) {
      RegisterOp op = ops.get(i);
      if (best != null && op.invokedAt() > best.returnedAt()) {
        break; // every later op returns after it invoked, hence after best
      }
      if (!done.get(i) && op.required() && (best == null || op.returnedAt() < best.returnedAt())) {
        best = op;
      }
    }
    return best;
  }

  private KeyResult result(Verdict verdict, Node end, RegisterOp failed) {
    List<OpPair> path = new ArrayList<>(end.depth());
    for (Node n = end; n.parent() != null; n = n.parent()) {
      path.add(ops.get(n.opId()).pair());
    }
    Collections.reverse(path);
    return new KeyResult(key, verdict, ops.size(), steps, List.copyOf(path),
        failed == null ? null : failed.pair(), verdict == Verdict.VALID ? null : end.state());
  }
}
