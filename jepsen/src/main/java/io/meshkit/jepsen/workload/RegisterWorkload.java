package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.CasValue;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.LinearizabilityChecker;
import io.meshkit.jepsen.LinearizabilityResult;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.report.CheckSection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-key registers with read, write and compare-and-set, checked for linearizability. Every
 * write and cas writes a value never written before (unique values keep the search tractable and
 * make every anomaly unambiguous). Processes work on one key at a time; the key changes every
 * {@link #OPS_PER_KEY} operations (Jepsen's independent keys), so each key's history stays small
 * enough for an exhaustive search.
 *
 * <p>Outcomes: a read that fails observed nothing (FAIL); a write or cas that fails definitely is
 * FAIL, one whose fate is unknown is INFO; a cas whose comparison failed is FAIL.
 */
public final class RegisterWorkload implements Workload {
  static final int OPS_PER_KEY = 150;

  private final AtomicLong opCount = new AtomicLong();
  private final AtomicLong nextValue = new AtomicLong(1);
  /** Per key, the last value some process saw or wrote: what a cas expects. */
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "register";
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    HistoryRecorder recorder = ctx.recorder();
    ProcessPool.run(ctx, (process, client, random) -> {
      String key = ctx.keyPrefix() + "r" + opCount.getAndIncrement() / OPS_PER_KEY;
      double pick = random.nextDouble();
      if (pick < 0.4) {
        return read(recorder, process, client, key, ctx.serializableReads());
      }
      long value = nextValue.getAndIncrement();
      return pick < 0.7 ? write(recorder, process, client, key, value) : cas(recorder, process, client, key, value);
    });
  }

  private OpType read(HistoryRecorder recorder, int process, KvClient client, String key, boolean serializable) {
    Op invoke = recorder.invoke(process, OpFunction.READ, key, null);
    try {
      Optional<Long> value = client.read(key, serializable);
      value.ifPresent(v -> lastSeen.put(key, v));
      return recorder.ok(invoke, value.orElse(null)).type();
    } catch (KvClient.OpException e) {
      return recorder.fail(invoke, e.getMessage()).type();
    }
  }

  private OpType write(HistoryRecorder recorder, int process, KvClient client, String key, long value) {
    Op invoke = recorder.invoke(process, OpFunction.WRITE, key, value);
    try {
      client.write(key, value);
      lastSeen.put(key, value);
      return recorder.ok(invoke, value).type();
    } catch (KvClient.OpException e) {
      return unsuccessful(recorder, invoke, e);
    }
  }

  private OpType cas(HistoryRecorder recorder, int process, KvClient client, String key, long value) {
    Long expected = lastSeen.get(key);
    Op invoke = recorder.invoke(process, OpFunction.CAS, key, new CasValue(expected, value));
    try {
      if (!client.compareAndSet(key, expected, value)) {
        return recorder.fail(invoke).type();
      }
      lastSeen.put(key, value);
      return recorder.ok(invoke, invoke.value()).type();
    } catch (KvClient.OpException e) {
      return unsuccessful(recorder, invoke, e);
    }
  }

  static OpType unsuccessful(HistoryRecorder recorder, Op invoke, KvClient.OpException e) {
    return recorder.unsuccessful(invoke, e.definite(), e.getMessage()).type();
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    LinearizabilityResult result = new LinearizabilityChecker().check(history);
    List<String> anomalies = result.keys().values().stream()
        .filter(k -> k.verdict() != io.meshkit.jepsen.Verdict.VALID)
        .map(k -> "key " + k.key() + ": " + k.verdict()
            + (k.failedOp() != null ? " - cannot linearize " + k.failedOp() : " - search budget exhausted"))
        .toList();
    return List.of(new CheckSection("linearizability (" + result.keys().size() + " keys)", result.verdict(),
        anomalies, result.describe(8)));
  }
}
