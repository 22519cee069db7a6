package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.SetChecker;
import io.meshkit.jepsen.SetResult;
import io.meshkit.jepsen.report.CheckSection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A grow-only set: each add creates a key {@code <prefix>s/<element>} for a unique element; once the
 * cluster is healed, a linearizable read of the prefix is the final read. Checks that no acknowledged
 * add was lost and nothing appeared that was never added.
 */
public final class SetWorkload implements Workload {
  private final AtomicLong nextElement = new AtomicLong(1);

  @Override
  public String name() {
    return "set";
  }

  private static String prefix(WorkloadContext ctx) {
    return ctx.keyPrefix() + "s/";
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    ProcessPool.run(ctx, (process, client, random) -> {
      long element = nextElement.getAndIncrement();
      Op invoke = ctx.recorder().invoke(process, OpFunction.ADD, null, element);
      try {
        client.create(prefix(ctx) + element);
        return ctx.recorder().ok(invoke, element).type();
      } catch (KvClient.OpException e) {
        return RegisterWorkload.unsuccessful(ctx.recorder(), invoke, e);
      }
    });
  }

  /** The final read, retried on every node for up to a minute until one answers. */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int process = Integer.MAX_VALUE / 2;
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String endpoint = ctx.endpoints().get(attempt % ctx.endpoints().size());
      Op invoke = ctx.recorder().invoke(process, OpFunction.READ, null, null);
      try (KvClient client = ctx.kvClients().apply(endpoint)) {
        List<Long> elements = new ArrayList<>();
        for (String key : client.listKeys(prefix(ctx))) {
          elements.add(Long.parseLong(key));
        }
        elements.sort(null);
        ctx.recorder().ok(invoke, List.copyOf(elements));
        return;
      } catch (KvClient.OpException e) {
        ctx.recorder().fail(invoke, e.getMessage());
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    SetResult result = new SetChecker().check(history);
    List<String> anomalies = new ArrayList<>();
    if (!result.lost().isEmpty()) {
      anomalies.add(result.lost().size() + " acknowledged adds lost: " + abbreviate(result.lost()));
    }
    if (!result.unexpected().isEmpty()) {
      anomalies.add(result.unexpected().size() + " elements never added: " + abbreviate(result.unexpected()));
    }
    if (result.verdict() == io.meshkit.jepsen.Verdict.UNKNOWN) {
      anomalies.add("no final read succeeded");
    }
    StringBuilder detail = new StringBuilder(result.acknowledged() + " adds acknowledged; " + result.recovered()
        + " indeterminate adds turned out to be present\n");
    java.util.Set<Long> suspects = new java.util.TreeSet<>(result.lost());
    suspects.addAll(result.unexpected());
    if (!suspects.isEmpty()) {
      detail.append("the adds of those elements, as recorded (at most 10):\n");
      history.pairs().stream()
          .filter(p -> p.function() == OpFunction.ADD && suspects.contains(p.invoke().longValue()))
          .limit(10)
          .forEach(p -> detail.append("  ").append(p).append('\n'));
    }
    return List.of(new CheckSection("set", result.verdict(), anomalies, detail.toString()));
  }

  private static String abbreviate(java.util.Collection<Long> elements) {
    return elements.stream().limit(20).map(String::valueOf).toList() + (elements.size() > 20 ? " ..." : "");
  }
}
