package io.meshkit.jepsen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates histories that are linearizable by construction: concurrent processes operate on real
 * atomic registers, and each op takes effect at one instant strictly between its invocation and its
 * completion. Some ops crash (INFO) before or after taking effect, reads sometimes FAIL, and a few
 * ops are left without completion at the end. Values are drawn from {@code 0..valueRange-1}: a
 * small range makes many writes indistinguishable (hard for the checker), a large one makes them
 * unique as in real Jepsen runs. A cas expects the current value half of the time.
 */
final class RegisterSimulation {
  /** A value no simulation ever writes. */
  static final long NEVER_WRITTEN = -1;

  private enum Phase { INVOKED, APPLIED }

  private static final class Slot {
    int process;
    Op invoke;
    Phase phase;
    Object result;
    boolean casApplied;
  }

  private final Random rnd;
  private final List<String> keys;
  private final double infoRate;
  private final int valueRange;
  private final Map<String, Long> registers = new HashMap<>();
  private final List<Op> ops = new ArrayList<>();

  private RegisterSimulation(Random rnd, List<String> keys, double infoRate, int valueRange) {
    this.rnd = rnd;
    this.keys = keys;
    this.infoRate = infoRate;
    this.valueRange = valueRange;
  }

  /** A history of {@code invocations} invocations by {@code processes} concurrent workers. */
  static History generate(
      long seed, int processes, int invocations, List<String> keys, double infoRate, int valueRange) {
    return new RegisterSimulation(new Random(seed), keys, infoRate, valueRange).run(processes, invocations);
  }

  private History run(int processes, int invocations) {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      Slot s = new Slot();
      s.process = i;
      slots.add(s);
    }
    int invoked = 0;
    while (invoked < invocations || slots.stream().anyMatch(s -> s.invoke != null)) {
      Slot s = slots.get(rnd.nextInt(processes));
      if (s.invoke == null) {
        if (invoked < invocations) {
          invoke(s);
          invoked++;
        }
      } else if (invoked == invocations && rnd.nextDouble() < 0.05) {
        s.invoke = null; // abandoned: never completes
      } else if (s.phase == Phase.INVOKED) {
        if (rnd.nextDouble() < infoRate) {
          complete(s, OpType.INFO, s.invoke.value()); // crashed before taking effect
        } else {
          apply(s);
        }
      } else {
        finish(s, processes);
      }
    }
    return History.of(ops);
  }

  private void invoke(Slot s) {
    String key = keys.get(rnd.nextInt(keys.size()));
    int choice = rnd.nextInt(10);
    OpFunction f = choice < 4 ? OpFunction.READ : choice < 7 ? OpFunction.WRITE : OpFunction.CAS;
    Object value = switch (f) {
      case READ -> null;
      case WRITE -> (long) rnd.nextInt(valueRange);
      default -> new CasValue(
          rnd.nextBoolean() ? registers.get(key) : (Long) (long) rnd.nextInt(valueRange),
          rnd.nextInt(valueRange));
    };
    s.invoke = new Op(s.process, OpType.INVOKE, f, key, value, ops.size(), ops.size());
    s.phase = Phase.INVOKED;
    ops.add(s.invoke);
  }

  /** The linearization point. */
  private void apply(Slot s) {
    String key = s.invoke.key();
    Long current = registers.get(key);
    switch (s.invoke.function()) {
      case READ -> s.result = current;
      case WRITE -> registers.put(key, s.invoke.longValue());
      default -> {
        CasValue cas = s.invoke.casValue();
        s.casApplied = java.util.Objects.equals(current, cas.expected());
        if (s.casApplied) {
          registers.put(key, cas.replacement());
        }
      }
    }
    s.phase = Phase.APPLIED;
  }

  private void finish(Slot s, int processes) {
    OpFunction f = s.invoke.function();
    if (rnd.nextDouble() < infoRate) {
      complete(s, OpType.INFO, s.invoke.value()); // took effect, but the client cannot know
      return;
    }
    if (f == OpFunction.READ) {
      complete(s, rnd.nextInt(20) == 0 ? OpType.FAIL : OpType.OK, s.result);
    } else if (f == OpFunction.CAS) {
      complete(s, s.casApplied ? OpType.OK : OpType.FAIL, s.invoke.value());
    } else {
      complete(s, OpType.OK, s.invoke.value());
    }
  }

  private void complete(Slot s, OpType type, Object value) {
    ops.add(new Op(s.process, type, s.invoke.function(), s.invoke.key(), value, ops.size(), ops.size()));
    s.invoke = null;
    if (type == OpType.INFO) {
      s.process += 1000; // Jepsen convention: a crashed process is replaced by a fresh one
    }
  }

  /**
   * The history with one OK read changed to a value never written, or null if it has no OK read.
   */
  static History corruptOneRead(History history, long seed) {
    List<Op> ops = new ArrayList<>(history.ops());
    List<Integer> okReads = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op.type() == OpType.OK && op.function() == OpFunction.READ) {
        okReads.add(i);
      }
    }
    if (okReads.isEmpty()) {
      return null;
    }
    int at = okReads.get(new Random(seed).nextInt(okReads.size()));
    ops.set(at, ops.get(at).withValue(NEVER_WRITTEN));
    return History.of(ops);
  }
}
