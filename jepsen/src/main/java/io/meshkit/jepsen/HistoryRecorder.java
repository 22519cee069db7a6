package io.meshkit.jepsen;

import java.util.ArrayList;
import java.util.List;

/**
 * Records a history as clients run: call {@link #invoke} before sending a request and exactly one of
 * {@link #ok}, {@link #fail} or {@link #info} when it returns. Each record gets the next index and
 * {@link System#nanoTime()} under one lock, so index order is real-time order.
 *
 * <p>Thread-safe. Well-formedness is the callers' duty (one outstanding op per process, a fresh
 * process id after an INFO) and is checked by {@link #history()}.
 */
public final class HistoryRecorder {
  private final List<Op> ops = new ArrayList<>();

  /** Records an invocation and returns it (pass it back to complete). */
  public synchronized Op invoke(int process, OpFunction function, String key, Object value) {
    return append(process, OpType.INVOKE, function, key, value, null);
  }

  /** The op took effect; {@code value} is what a read observed, else usually the invoked value. */
  public Op ok(Op invoke, Object value) {
    return complete(invoke, OpType.OK, value, null);
  }

  /** The op certainly did not take effect. */
  public Op fail(Op invoke) {
    return fail(invoke, null);
  }

  /** The op certainly did not take effect; {@code error} says what the client was told. */
  public Op fail(Op invoke, String error) {
    return complete(invoke, OpType.FAIL, invoke.value(), error);
  }

  /** Outcome unknown; the process must not issue again. */
  public Op info(Op invoke) {
    return info(invoke, null);
  }

  /** Outcome unknown; {@code error} says what the client was told. The process must not issue again. */
  public Op info(Op invoke, String error) {
    return complete(invoke, OpType.INFO, invoke.value(), error);
  }

  /**
   * An op that did not succeed: FAIL when it {@code definitely} had no effect, else INFO (the
   * process must not issue again). {@code error} says what the client was told.
   */
  public Op unsuccessful(Op invoke, boolean definitely, String error) {
    return definitely ? fail(invoke, error) : info(invoke, error);
  }

  /** Records a nemesis action ({@link OpFunction#FAULT} or {@link OpFunction#HEAL}) described by {@code what}. */
  public synchronized Op nemesis(OpFunction function, String what) {
    if (!function.isNemesis()) {
      throw new IllegalArgumentException("not a nemesis function: " + function);
    }
    return append(Op.NEMESIS, OpType.INFO, function, null, what, null);
  }

  /** A snapshot of everything recorded so far. */
  public synchronized History history() {
    return History.of(ops);
  }

  private synchronized Op complete(Op invoke, OpType type, Object value, String error) {
    return append(invoke.process(), type, invoke.function(), invoke.key(), value, error);
  }

  private Op append(int process, OpType type, OpFunction function, String key, Object value, String error) {
    Op op = new Op(process, type, function, key, value, System.nanoTime(), ops.size(), error);
    ops.add(op);
    return op;
  }
}
