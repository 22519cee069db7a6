package io.meshkit.jepsen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A register operation prepared for the linearizability search.
 *
 * @param pair the recorded invocation and completion
 * @param invokedAt history index of the invocation
 * @param returnedAt history index of the completion; {@link Long#MAX_VALUE} if indeterminate (INFO):
 *     such an op may be linearized any time after invocation, or never
 */
record RegisterOp(OpPair pair, long invokedAt, long returnedAt) {

  /** Whether the search must linearize this op (it completed OK). */
  boolean required() {
    return returnedAt != Long.MAX_VALUE;
  }

  OpFunction function() {
    return pair.function();
  }

  /**
   * The ops of one key the search considers, in invocation order. Dropped: anything that FAILed
   * (never took effect), reads that did not complete OK (they observed nothing), and indeterminate
   * writes and cas whose new value no OK read observes and no cas expects. Dropping the latter is
   * sound: after such an op only a write can succeed next, and that write succeeds just as well
   * without it. It is also what keeps INVALID proofs tractable when writes carry unique values.
   *
   * @throws IllegalArgumentException for functions other than read, write and cas
   */
  static List<RegisterOp> prepare(List<OpPair> pairs) {
    List<RegisterOp> ops = new ArrayList<>();
    for (OpPair pair : pairs) {
      OpFunction f = pair.function();
      if (f != OpFunction.READ && f != OpFunction.WRITE && f != OpFunction.CAS) {
        throw new IllegalArgumentException("not a register op: " + pair);
      }
      if (pair.outcome() == OpType.FAIL || (f == OpFunction.READ && pair.outcome() != OpType.OK)) {
        continue;
      }
      long returned = pair.indeterminate() ? Long.MAX_VALUE : pair.completion().index();
      ops.add(new RegisterOp(pair, pair.invoke().index(), returned));
    }
    Set<Long> observed = observedValues(ops);
    ops.removeIf(op -> !op.required() && op.function() != OpFunction.READ
        && !observed.contains(written(op)));
    return ops;
  }

  /** Values some op depends on: those OK reads returned and those cas ops expect. */
  private static Set<Long> observedValues(List<RegisterOp> ops) {
    Set<Long> observed = new HashSet<>();
    for (RegisterOp op : ops) {
      if (op.function() == OpFunction.READ) {
        observed.add(op.pair().completion().longValue());
      } else if (op.function() == OpFunction.CAS) {
        observed.add(op.pair().invoke().casValue().expected());
      }
    }
    return observed;
  }

  private static Long written(RegisterOp op) {
    return op.function() == OpFunction.CAS
        ? op.pair().invoke().casValue().replacement()
        : op.pair().invoke().longValue();
  }
}
