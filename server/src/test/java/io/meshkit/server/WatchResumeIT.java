package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.WatchCreateRequest;
import io.meshkit.proto.v1.WatchGrpc;
import io.meshkit.proto.v1.WatchRequest;
import io.meshkit.proto.v1.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Watches across member failure: resuming elsewhere from last revision + 1 loses and repeats nothing. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WatchResumeIT {
  @TempDir
  Path dir;

  /** Collects the events of one watch stream. */
  static final class Collector implements StreamObserver<WatchResponse> {
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<WatchResponse> cancels = new CopyOnWriteArrayList<>();
    volatile Throwable error;

    @Override
    public void onNext(WatchResponse r) {
      events.addAll(r.getEventsList());
      if (r.getCanceled()) {
        cancels.add(r);
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}

    long lastRevision() {
      return events.isEmpty() ? 0 : events.get(events.size() - 1).getKv().getModRevision();
    }
  }

  static StreamObserver<WatchRequest> open(KvStubs stubs, int member, long startRevision, Collector collector) {
    StreamObserver<WatchRequest> requests = WatchGrpc.newStub(stubs.channel(member)).watch(collector);
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(KvStubs.utf8("w/")).setRangeEnd(KvStubs.utf8("w0")).setStartRevision(startRevision)).build());
    return requests;
  }

  @Test
  void watchResumedOnAnotherMemberAfterItsMemberDiesHasNoGapAndNoDuplicate() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        int watched = (leader + 1) % 3;
        int resumeOn = (leader + 2) % 3;
        long start = stubs.put(leader, "w/start", "0").getHeader().getRevision();
        List<Long> written = new ArrayList<>();
        written.add(start);

        Collector first = new Collector();
        open(stubs, watched, start, first);
        for (int i = 0; i < 50; i++) {
          written.add(stubs.put(leader, "w/" + i, "v" + i).getHeader().getRevision());
        }
        awaitCount(first, 20);
        cluster.stop(watched);
        for (int i = 50; i < 100; i++) {
          written.add(stubs.put(leader, "w/" + i, "v" + i).getHeader().getRevision());
        }

        Collector second = new Collector();
        long resumeFrom = first.lastRevision() + 1;
        open(stubs, resumeOn, resumeFrom, second);
        List<Long> seen = new ArrayList<>();
        first.events.forEach(e -> seen.add(e.getKv().getModRevision()));
        awaitCount(second, (int) written.stream().filter(r -> r >= resumeFrom).count());
        second.events.forEach(e -> seen.add(e.getKv().getModRevision()));
        assertEquals(written, seen, "every write seen exactly once, in revision order, across the two streams");
        assertTrue(second.cancels.isEmpty(), "the resumed watch must not be cancelled: " + second.cancels);
      }
    });
  }

  @Test
  void watchFromACompactedRevisionIsCancelledWithTheOldestAvailableRevision() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        long first = stubs.put(0, "w/a", "1").getHeader().getRevision();
        long last = 0;
        for (int i = 0; i < 10; i++) {
          last = stubs.put(1, "w/b", "" + i).getHeader().getRevision();
        }
        long compactedAt = stubs.kv(2).compact(io.meshkit.proto.v1.CompactionRequest.newBuilder().setRevision(last)
            .build()).getHeader().getRevision();
        // Watch creation is not a linearizable read: let member 2 apply the compaction first.
        cluster.awaitApplied(2, compactedAt, Duration.ofSeconds(30));
        Collector collector = new Collector();
        open(stubs, 2, first, collector);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (collector.cancels.isEmpty()) {
          assertTrue(System.nanoTime() < deadline, "no cancel received");
          Thread.sleep(20);
        }
        WatchResponse cancel = collector.cancels.get(0);
        assertEquals(io.meshkit.proto.v1.ErrorCode.COMPACTED, cancel.getCancelCode().getCode());
        assertEquals(last, cancel.getCompactRevision());
        assertTrue(collector.events.isEmpty());
      }
    });
  }

  private static void awaitCount(Collector c, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (c.events.size() < count) {
      assertTrue(System.nanoTime() < deadline, "only " + c.events.size() + " of " + count + " events arrived"
          + (c.error == null ? "" : "; stream failed: " + c.error));
      Thread.sleep(20);
    }
  }
}
