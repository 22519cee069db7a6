package io.meshkit.jepsen.workload;

import com.google.protobuf.ByteString;
import io.meshkit.client.KeyRanges;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.WatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.report.CheckSection;
import io.meshkit.jepsen.watch.Change;
import io.meshkit.jepsen.watch.WatchChecker;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.WatchCreateRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watch (MeshKit only): writers put unique values to a handful of keys under one prefix (processes
 * bound to nodes, as in the register workload) while watchers, one starting on each node, watch the
 * prefix with the client's resumable watch and fail over with the nemesis. After the heal, a
 * sentinel write marks the end; once every watcher has reached it, each watcher's deliveries are
 * checked: every acknowledged write of the span in revision order, once each, nothing unwritten
 * (a write whose outcome was unknown may or may not appear).
 */
public final class WatchWorkload implements Workload {
  private static final int KEYS = 8;
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private final AtomicLong nextValue = new AtomicLong(1);
  /** Revision of each acknowledged write, by (key, value). */
  private final Map<String, Long> acknowledgedRevisions = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private long startRevision;
  private long sentinelRevision;

  @Override
  public String name() {
    return "watch";
  }

  private static String prefix(WorkloadContext ctx) {
    return ctx.keyPrefix() + "w/";
  }

  /** What one watcher received, in arrival order. */
  private static final class Watcher implements WatchHandler {
    final String name;
    final List<Change> delivered = Collections.synchronizedList(new ArrayList<>());
    final Map<Change, String> values = new java.util.concurrent.ConcurrentHashMap<>();
    volatile long reached;
    volatile MeshkitClientException failed;
    MeshkitClient client;
    WatchSubscription subscription;

    Watcher(String name) {
      this.name = name;
    }

    @Override
    public void onEvents(long revision, List<Event> events) {
      for (Event event : events) {
        Change change = new Change(revision, event.getKv().getKey().toStringUtf8());
        delivered.add(change);
        values.put(change, event.getKv().getValue().toStringUtf8());
      }
      reached = Math.max(reached, revision);
    }

    @Override
    public void onFailed(MeshkitClientException error) {
      failed = error;
    }
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    try (MeshkitClient setup = ctx.clientFromNode(0)) {
      startRevision = put(setup, prefix(ctx) + "start", "0");
    }
    for (int w = 0; w < ctx.endpoints().size(); w++) {
      Watcher watcher = new Watcher("watcher-" + ctx.endpoints().get(w));
      watcher.client = ctx.clientFromNode(w);
      ByteString key = ByteString.copyFromUtf8(prefix(ctx));
      watcher.subscription = watcher.client.watch(WatchCreateRequest.newBuilder().setKey(key)
          .setRangeEnd(KeyRanges.prefixEnd(key)).setStartRevision(startRevision + 1).build(), watcher);
      watchers.add(watcher);
    }
    ProcessPool.run(ctx, (process, client, random) -> {
      String key = prefix(ctx) + "k" + random.nextInt(KEYS);
      long value = nextValue.getAndIncrement();
      Op invoke = ctx.recorder().invoke(process, OpFunction.WRITE, key, value);
      try {
        client.write(key, value);
        return ctx.recorder().ok(invoke, value).type();
      } catch (KvClient.OpException e) {
        return RegisterWorkload.unsuccessful(ctx.recorder(), invoke, e);
      }
    });
  }

  /** The sentinel write, then waits for every watcher to deliver it. */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    try (MeshkitClient client = ctx.clientFromNode(0)) {
      sentinelRevision = put(client, prefix(ctx) + "sentinel", "0");
    }
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    for (Watcher watcher : watchers) {
      while (watcher.reached < sentinelRevision && watcher.failed == null && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      watcher.subscription.close();
      watcher.client.close();
    }
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    // Acknowledged writes carry no revision in the history (the KV client returns none), so they are
    // matched by their unique value: a watcher's delivery of (key, value) gives the revision.
    Set<String> acknowledgedValues = new HashSet<>();
    Set<String> indeterminateValues = new HashSet<>();
    for (OpPair pair : history.pairs()) {
      if (pair.function() != OpFunction.WRITE) {
        continue;
      }
      String id = pair.key() + "=" + pair.invoke().longValue();
      if (pair.outcome() == OpType.OK) {
        acknowledgedValues.add(id);
      } else if (pair.outcome() == OpType.INFO) {
        indeterminateValues.add(id);
      }
    }
    List<String> anomalies = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (Watcher watcher : watchers) {
      Map<String, Long> revisionOf = new HashMap<>();
      List<String> found = new ArrayList<>();
      watcher.values.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingLong(Change::revision)))
          .forEach(e -> {
            String id = e.getKey().key() + "=" + e.getValue();
            Long earlier = revisionOf.putIfAbsent(id, e.getKey().revision());
            if (earlier != null) {
              // Every write carries a value of its own: a second revision means it was applied twice.
              found.add("write " + id + " was applied twice, at revisions " + earlier + " and " + e.getKey().revision());
            }
          });
      Set<Change> acknowledged = new HashSet<>();
      Set<Change> indeterminate = new HashSet<>();
      List<String> undelivered = new ArrayList<>();
      for (String id : acknowledgedValues) {
        Long revision = revisionOf.get(id);
        if (revision == null) {
          undelivered.add(id);
        } else {
          acknowledged.add(new Change(revision, id.substring(0, id.indexOf('='))));
        }
      }
      watcher.values.forEach((change, value) -> {
        String id = change.key() + "=" + value;
        if (!acknowledged.contains(change) && revisionOf.get(id) != change.revision()) {
          indeterminate.add(change);  // the second application, reported above
        }
      });
      revisionOf.forEach((id, revision) -> {
        if (indeterminateValues.contains(id) || id.endsWith("sentinel=0")) {
          indeterminate.add(new Change(revision, id.substring(0, id.indexOf('='))));
        }
      });
      found.addAll(WatchChecker.check(List.copyOf(watcher.delivered), acknowledged, indeterminate,
          k -> k.startsWith(prefix(ctx)), startRevision + 1, watcher.reached));
      if (watcher.reached >= sentinelRevision) {
        // Every acknowledged write precedes the sentinel, so the watcher must have delivered it.
        undelivered.stream().sorted().forEach(id -> found.add("acknowledged write " + id + " was never delivered"));
      } else {
        found.add("did not reach the sentinel revision " + sentinelRevision + " within " + CATCH_UP.toSeconds()
            + " s (reached " + watcher.reached + ")" + (watcher.failed != null ? "; failed: " + watcher.failed : ""));
      }
      found.forEach(a -> anomalies.add(watcher.name + ": " + a));
      detail.append(watcher.name).append(": ").append(watcher.delivered.size()).append(" events, revisions ")
          .append(startRevision + 1).append("..").append(watcher.reached).append('\n');
    }
    detail.append(acknowledgedValues.size()).append(" acknowledged writes, ").append(indeterminateValues.size())
        .append(" indeterminate\n");
    return List.of(new CheckSection("watch: every acknowledged change once, in order, nothing unwritten",
        anomalies.isEmpty() ? Verdict.VALID : Verdict.INVALID, anomalies, detail.toString()));
  }

  /** A put retried until acknowledged (setup and sentinel writes, on a healthy cluster). */
  private static long put(MeshkitClient client, String key, String value) throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (true) {
      try {
        return client.put(key, value).getHeader().getRevision();
      } catch (MeshkitClientException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not write " + key + " for " + CATCH_UP.toSeconds() + " s: " + e, e);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }
}
