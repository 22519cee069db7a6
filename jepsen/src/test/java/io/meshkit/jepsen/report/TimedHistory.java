package io.meshkit.jepsen.report;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-writes histories with explicit record times (ms), in real-time order, on key {@code "x"}; a
 * completion copies function and value from its invocation.
 */
final class TimedHistory {
  private final List<Op> ops = new ArrayList<>();
  private final Map<Integer, Op> pending = new HashMap<>();

  TimedHistory invoke(double ms, int process, OpFunction function, Long value) {
    Op op = new Op(process, OpType.INVOKE, function, "x", value, nanos(ms), ops.size());
    pending.put(process, op);
    ops.add(op);
    return this;
  }

  TimedHistory complete(double ms, int process, OpType type) {
    Op invoke = pending.remove(process);
    ops.add(new Op(process, type, invoke.function(), "x", invoke.value(), nanos(ms), ops.size()));
    return this;
  }

  TimedHistory nemesis(double ms, OpFunction function, String what) {
    ops.add(new Op(Op.NEMESIS, OpType.INFO, function, null, what, nanos(ms), ops.size()));
    return this;
  }

  History build() {
    return History.of(ops);
  }

  /** Run metadata with fixed parameters. */
  static RunMetadata metadata(String name, Instant started) {
    return new RunMetadata(name, "register", "partition", 42, 30, 10, Map.of("concurrency", "5"), started);
  }

  private static long nanos(double ms) {
    // Offset so that the origin is not 0: times are relative to the first record.
    return 5_000_000_000L + Math.round(ms * 1e6);
  }
}
