package io.meshkit.jepsen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-writes histories in real-time order; a completion copies function and key from its invocation. */
final class HistoryBuilder {
  private final List<Op> ops = new ArrayList<>();
  private final Map<Integer, Op> pending = new HashMap<>();

  HistoryBuilder invokeWrite(int p, String key, long value) {
    return invoke(p, OpFunction.WRITE, key, value);
  }

  HistoryBuilder invokeRead(int p, String key) {
    return invoke(p, OpFunction.READ, key, null);
  }

  HistoryBuilder invokeCas(int p, String key, Long expected, long replacement) {
    return invoke(p, OpFunction.CAS, key, new CasValue(expected, replacement));
  }

  HistoryBuilder invokeAdd(int p, long element) {
    return invoke(p, OpFunction.ADD, null, element);
  }

  HistoryBuilder invoke(int p, OpFunction f, String key, Object value) {
    Op op = new Op(p, OpType.INVOKE, f, key, value, ops.size(), ops.size());
    pending.put(p, op);
    ops.add(op);
    return this;
  }

  /** OK completion echoing the invocation's value (writes, cas, adds). */
  HistoryBuilder ok(int p) {
    return complete(p, OpType.OK, pending.get(p).value());
  }

  /** OK completion of a read observing {@code value}. */
  HistoryBuilder ok(int p, Object value) {
    return complete(p, OpType.OK, value);
  }

  HistoryBuilder fail(int p) {
    return complete(p, OpType.FAIL, pending.get(p).value());
  }

  HistoryBuilder info(int p) {
    return complete(p, OpType.INFO, pending.get(p).value());
  }

  /** Sequential shorthands: invoke and complete OK at once. */
  HistoryBuilder write(int p, String key, long value) {
    return invokeWrite(p, key, value).ok(p);
  }

  HistoryBuilder read(int p, String key, Long observed) {
    return invokeRead(p, key).ok(p, observed);
  }

  private HistoryBuilder complete(int p, OpType type, Object value) {
    Op invoke = pending.remove(p);
    ops.add(new Op(p, type, invoke.function(), invoke.key(), value, ops.size(), ops.size()));
    return this;
  }

  History build() {
    return History.of(ops);
  }
}
