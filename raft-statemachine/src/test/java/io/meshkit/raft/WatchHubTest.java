package io.meshkit.raft;

import static io.meshkit.raft.TestData.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchHubTest {
  @TempDir
  Path dir;
  private final List<MeshStore> stores = new ArrayList<>();
  private final AtomicReference<MeshStore> store = new AtomicReference<>();
  private TrackingExecutor executor;
  private WatchHub hub;

  @BeforeEach
  void setUp() {
    executor = new TrackingExecutor();
    store.set(openStore("db"));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (hub != null) {
      hub.close();
    }
    executor.close(); // every delivery task has finished before any store closes
    stores.forEach(MeshStore::close);
  }

  private MeshStore openStore(String name) {
    MeshStore s = MeshStore.open(dir.resolve(name));
    stores.add(s);
    return s;
  }

  private WatchHub newHub(int maxQueuedEvents, int pageEvents) {
    hub = new WatchHub(() -> store.get().readView(), store.get().applied().getIndex(), executor,
        maxQueuedEvents, pageEvents);
    return hub;
  }

  /** Commits revision {@code rev} with one event per key and publishes it, like the apply thread. */
  private void publish(long rev, String... keys) {
    List<StoredEvent> events = TestData.commitRevision(store.get(), rev, keys);
    hub.publish(rev, events);
  }

  private static WatchSpec prefix(String prefix, long start) {
    return new WatchSpec(Table.KV, b(prefix), Bytes.prefixEnd(b(prefix)), false, start);
  }

  private static WatchSpec all(long start) {
    return new WatchSpec(Table.KV, null, null, false, start);
  }

  private static List<Long> range(long fromInclusive, long toInclusive) {
    return java.util.stream.LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
  }

  // --- catch-up → live hand-over under concurrent writes -----------------------------------------

  private static final int LAST = 2000;
  /** How far past a registration point the writer may run before that round of watches is registered. */
  private static final int HOLD = 250;

  /** Revisions with no events at all, so hand-over also crosses empty entries. */
  private static boolean hasEvents(long rev) {
    return rev % 7 != 3;
  }

  private static String[] keysOf(long rev) {
    if (!hasEvents(rev)) {
      return new String[0];
    }
    return IntStream.range(0, 1 + (int) (rev % 3)).mapToObj(i -> "k/" + rev + "/" + i).toArray(String[]::new);
  }

  private static List<Long> eventRevisions(long from) {
    return range(from, LAST).stream().filter(WatchHubTest::hasEvents).toList();
  }

  private record Started(RecordingListener listener, long start, long currentBefore, long currentAfter) {}

  private Started startWatch(long start) {
    RecordingListener listener = new RecordingListener();
    long before = hub.currentRevision();
    hub.watch(prefix("k/", start), listener);
    return new Started(listener, start, before, hub.currentRevision());
  }

  @Test
  void catchUpHandsOverToLiveWithoutGapsOrDuplicatesUnderConcurrentWrites() throws Exception {
    newHub(1_000_000, 16); // small pages: many catch-up rounds racing the writer
    for (long rev = 1; rev <= 200; rev++) {
      publish(rev, keysOf(rev));
    }
    List<Started> watches = new ArrayList<>();
    watches.add(startWatch(1));
    watches.add(startWatch(150));
    watches.add(startWatch(0));
    watches.add(startWatch(1_700)); // in the future for now

    // Each round of watches registers once the writer has passed its point, while the writer keeps
    // publishing. The writer must not run away, though: a round registered after revision LAST was
    // published would start (current + 1 or 0) past LAST and have nothing to receive - on a loaded
    // machine this thread can be descheduled long enough for that. So the writer holds before
    // point + HOLD until that round is registered: registration still races with up to HOLD
    // publishes, and every watch still hands over while the rest of the revisions are written.
    long[] points = {400, 900, 1_500};
    CountDownLatch[] registered = new CountDownLatch[points.length];
    Arrays.setAll(registered, i -> new CountDownLatch(1));
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        int round = 0;
        for (long rev = 201; rev <= LAST; rev++) {
          if (round < points.length && rev == points[round] + HOLD) {
            if (!registered[round].await(60, TimeUnit.SECONDS)) {
              throw new AssertionError("round " + round + " of watches was never registered");
            }
            round++;
          }
          publish(rev, keysOf(rev));
        }
      } catch (Throwable t) {
        writerFailure.set(t);
      }
    }, "writer");
    writer.setDaemon(true);
    writer.start();
    try {
      for (int round = 0; round < points.length; round++) {
        long point = points[round];
        while (hub.currentRevision() < point && writer.isAlive()) {
          Thread.onSpinWait();
        }
        watches.add(startWatch(1));
        watches.add(startWatch(point - 100));
        watches.add(startWatch(hub.currentRevision() + 1));
        watches.add(startWatch(0));
        registered[round].countDown();
      }
    } finally {
      Arrays.stream(registered).forEach(CountDownLatch::countDown); // never leave the writer waiting
    }
    writer.join(120_000);
    assertTrue(!writer.isAlive(), "writer finished");
    assertNull(writerFailure.get(), "writer failed");

    for (Started w : watches) {
      assertTrue(w.currentAfter() < LAST, "watch from " + w.start() + " registered while revisions were still "
          + "being written (current " + w.currentBefore() + ".." + w.currentAfter() + ")");
    }
    for (Started w : watches) {
      w.listener().awaitRevision(LAST - 1);
      executor.awaitIdle();
      w.listener().checkSane();
      List<Long> got = w.listener().eventRevisions();
      String label = "watch from " + w.start() + " (current " + w.currentBefore() + ".." + w.currentAfter() + ")";
      if (w.start() > 0) {
        assertEquals(eventRevisions(w.start()), got, label);
      } else {
        // Start 0 = current + 1 at registration, somewhere in [before + 1, after + 1].
        long first = got.get(0);
        assertTrue(first > w.currentBefore(), label + " starts after the revision current when created");
        assertEquals(eventRevisions(w.currentAfter() + 1), got.subList(got.indexOf(eventRevisions(
            w.currentAfter() + 1).get(0)), got.size()), label);
        assertEquals(eventRevisions(first), got, label + " is gap-free from its first revision");
      }
      for (RecordingListener.Call call : w.listener().calls()) {
        assertEquals(List.of(keysOf(call.revision())), call.keys(), "events of " + call.revision() + " in order");
      }
      assertNull(w.listener().canceled(), label);
    }
    assertEquals(watches.size(), hub.size());
  }

  // --- filtering and start revisions ----------------------------------------------------------------

  private static Map<Long, List<String>> eventsByRevision(RecordingListener listener) {
    Map<Long, List<String>> out = new java.util.LinkedHashMap<>();
    listener.calls().stream().filter(c -> c.kind() == 'E').forEach(c -> out.put(c.revision(), c.keys()));
    return out;
  }

  @Test
  void watchesSelectByPrefixRangeSingleKeyAndTable() throws Exception {
    newHub(1_000, 100);
    publish(1, "a", "a/1", "b/1");
    publish(2, "a/2", "ab");
    RecordingListener byPrefix = new RecordingListener();
    RecordingListener byRange = new RecordingListener();
    RecordingListener bySingleKey = new RecordingListener();
    RecordingListener byTable = new RecordingListener();
    RecordingListener everything = new RecordingListener();
    hub.watch(prefix("a/", 1), byPrefix);
    hub.watch(new WatchSpec(Table.KV, b("a/2"), b("b/2"), false, 1), byRange);
    hub.watch(new WatchSpec(Table.KV, b("a"), null, true, 1), bySingleKey);
    hub.watch(new WatchSpec(Table.META, null, null, false, 1), byTable);
    hub.watch(all(1), everything);
    executor.awaitIdle(); // history delivered; the watches are live now
    publish(3, "b/2");
    publish(4, "a");
    publish(5, "a/3", "a");
    executor.awaitIdle();

    assertEquals(Map.of(1L, List.of("a/1"), 2L, List.of("a/2"), 5L, List.of("a/3")), eventsByRevision(byPrefix));
    assertEquals(Map.of(1L, List.of("b/1"), 2L, List.of("a/2", "ab"), 5L, List.of("a/3")),
        eventsByRevision(byRange));
    assertEquals(Map.of(1L, List.of("a"), 4L, List.of("a"), 5L, List.of("a")), eventsByRevision(bySingleKey));
    assertEquals(Map.of(), eventsByRevision(byTable));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), everything.eventRevisions());
    assertEquals(List.of("a", "a/1", "b/1"), eventsByRevision(everything).get(1L));
  }

  @Test
  void startRevisionZeroDeliversOnlyFutureChanges() throws Exception {
    newHub(1_000, 100);
    for (long rev = 1; rev <= 5; rev++) {
      publish(rev, "k");
    }
    RecordingListener future = new RecordingListener();
    RecordingListener fromThree = new RecordingListener();
    hub.watch(all(0), future);
    hub.watch(all(3), fromThree);
    executor.awaitIdle();
    assertEquals(List.of(), future.eventRevisions());
    publish(6, "k");
    publish(7);
    publish(8, "k");
    future.awaitRevision(8);
    executor.awaitIdle();
    assertEquals(List.of(6L, 8L), future.eventRevisions());
    assertEquals(List.of(3L, 4L, 5L, 6L, 8L), fromThree.eventRevisions());
  }

  @Test
  void watchFromCompactedRevisionIsCanceledWithCompactRevision() throws Exception {
    newHub(1_000, 100);
    for (long rev = 1; rev <= 10; rev++) {
      publish(rev, "k");
    }
    EntryBatch compact = store.get().newBatch(1, 11, 2_000);
    compact.compactEventsBelow(6);
    compact.commit();
    hub.publish(11, compact.events());

    RecordingListener tooOld = new RecordingListener();
    RecordingListener oldest = new RecordingListener();
    hub.watch(all(3), tooOld);
    hub.watch(all(6), oldest);
    tooOld.awaitCanceled();
    executor.awaitIdle();
    RecordingListener.Call canceled = tooOld.canceled();
    assertEquals(ErrorCode.COMPACTED, canceled.code());
    assertEquals(6, canceled.revision(), "compactRevision names the oldest revision still available");
    assertEquals(List.of(), tooOld.eventRevisions());
    assertEquals(List.of(6L, 7L, 8L, 9L, 10L), oldest.eventRevisions());
    assertNull(oldest.canceled());
    assertEquals(1, hub.size(), "the compacted watch is gone");

    publish(12, "k");
    oldest.awaitRevision(12);
    assertEquals(List.of(6L, 7L, 8L, 9L, 10L, 12L), oldest.eventRevisions());
    assertEquals(1, tooOld.calls().size(), "nothing after onCanceled");
  }

  // --- flow control ---------------------------------------------------------------------------------

  @Test
  void slowConsumerIsCanceledWithoutBlockingPublishOrOtherWatchers() throws Exception {
    newHub(5, 100);
    RecordingListener slow = new RecordingListener();
    slow.ready.set(false);
    Watch slowWatch = hub.watch(all(0), slow);
    executor.awaitIdle(); // slow is live (first in the hub's live set)
    RecordingListener healthy = new RecordingListener();
    hub.watch(all(0), healthy);
    executor.awaitIdle();

    // Publishing runs on this thread: it must return although the slow listener never takes anything.
    // The healthy listener is given time to take each revision, so only the slow one falls behind.
    for (long rev = 1; rev <= 10; rev++) {
      publish(rev, "k");
      healthy.awaitRevision(rev);
    }
    executor.awaitIdle();
    assertEquals(range(1, 10), healthy.eventRevisions());
    assertEquals(List.of(), slow.calls(), "nothing delivered while not ready");
    assertEquals(1, hub.size(), "the slow watch was dropped once more than 5 events were queued");

    slow.ready.set(true);
    slowWatch.resume();
    slow.awaitCanceled();
    executor.awaitIdle();
    assertEquals(1, slow.calls().size(), "only the cancellation: the queued events were dropped");
    assertEquals(ErrorCode.WATCH_CANCELED, slow.canceled().code());

    publish(11, "k");
    healthy.awaitRevision(11);
    executor.awaitIdle();
    assertEquals(1, slow.calls().size());
    healthy.checkSane();
  }

  @Test
  void consumerThatResumesWithinTheBoundGetsEverythingInOrder() throws Exception {
    newHub(5, 100);
    RecordingListener listener = new RecordingListener();
    listener.ready.set(false);
    Watch watch = hub.watch(all(0), listener);
    executor.awaitIdle();
    publish(1, "a", "b");
    publish(2, "c");
    publish(3, "d", "e"); // exactly 5 queued: at the bound, not above it
    executor.awaitIdle();
    assertEquals(List.of(), listener.calls());
    listener.ready.set(true);
    watch.resume();
    listener.awaitRevision(3);
    executor.awaitIdle();
    assertEquals(List.of(1L, 2L, 3L), listener.eventRevisions());
    assertNull(listener.canceled());
  }

  @Test
  void requestProgressIsDeliveredAfterQueuedEvents() throws Exception {
    newHub(1_000, 100);
    for (long rev = 1; rev <= 5; rev++) {
      publish(rev, "a");
    }
    RecordingListener listener = new RecordingListener();
    Watch watch = hub.watch(prefix("a", 1), listener);
    listener.awaitRevision(5);
    executor.awaitIdle();

    listener.ready.set(false);
    publish(6, "a");
    publish(7, "b"); // not selected
    publish(8);      // no events
    watch.requestProgress();
    executor.awaitIdle();
    listener.ready.set(true);
    watch.resume();
    listener.await("progress", () -> listener.calls().stream().anyMatch(c -> c.kind() == 'P'));
    executor.awaitIdle();

    List<RecordingListener.Call> calls = listener.calls();
    RecordingListener.Call last = calls.get(calls.size() - 1);
    RecordingListener.Call beforeLast = calls.get(calls.size() - 2);
    assertEquals('P', last.kind());
    assertEquals(8, last.revision(), "progress covers the revisions that had nothing for this watch");
    assertEquals('E', beforeLast.kind());
    assertEquals(6, beforeLast.revision(), "progress comes after the queued events");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), listener.eventRevisions());
  }

  // --- store swap, cancel, close ------------------------------------------------------------------

  @Test
  void resetAfterStoreSwapMakesLiveWatchersCatchUpAgain() throws Exception {
    newHub(1_000, 3);
    for (long rev = 1; rev <= 5; rev++) {
      publish(rev, "k" + rev);
    }
    RecordingListener listener = new RecordingListener();
    hub.watch(all(2), listener);
    RecordingListener future = new RecordingListener();
    hub.watch(all(0), future);
    listener.awaitRevision(5);
    executor.awaitIdle();

    // A snapshot install: the new store holds history 1..10; revisions 6..10 were never published.
    MeshStore installed = openStore("installed");
    for (long rev = 1; rev <= 10; rev++) {
      TestData.commitRevision(installed, rev, "k" + rev);
    }
    store.set(installed);
    hub.reset(10);
    listener.awaitRevision(10);
    publish(11, "k11");
    listener.awaitRevision(11);
    future.awaitRevision(11);
    executor.awaitIdle();

    assertEquals(range(2, 11), listener.eventRevisions());
    assertEquals(range(6, 11), future.eventRevisions());
    assertEquals(11, hub.currentRevision());
  }

  @Test
  void resetOntoStoreWithoutTheHistoryReportsCompaction() throws Exception {
    newHub(1_000, 100);
    publish(1, "k");
    RecordingListener listener = new RecordingListener();
    hub.watch(all(1), listener);
    listener.awaitRevision(1);
    executor.awaitIdle();

    MeshStore installed = openStore("installed");
    for (long rev = 1; rev <= 20; rev++) {
      TestData.commitRevision(installed, rev, "k");
    }
    EntryBatch compact = installed.newBatch(1, 21, 2_000);
    compact.compactEventsBelow(15);
    compact.commit();
    store.set(installed);
    hub.reset(21);
    listener.awaitCanceled();
    assertEquals(ErrorCode.COMPACTED, listener.canceled().code());
    assertEquals(15, listener.canceled().revision());
    assertEquals(List.of(1L), listener.eventRevisions());
  }

  @Test
  void cancelAndCloseEndWatches() throws Exception {
    newHub(1_000, 100);
    RecordingListener canceled = new RecordingListener();
    RecordingListener closed = new RecordingListener();
    Watch watch = hub.watch(all(0), canceled);
    hub.watch(all(0), closed);
    executor.awaitIdle();
    watch.cancel("client asked");
    canceled.awaitCanceled();
    assertEquals(ErrorCode.WATCH_CANCELED, canceled.canceled().code());
    assertEquals(1, hub.size());
    publish(1, "k");
    closed.awaitRevision(1);
    hub.close();
    closed.awaitCanceled();
    assertEquals(ErrorCode.UNAVAILABLE, closed.canceled().code());
    assertEquals(0, hub.size());
    executor.awaitIdle();
    assertEquals(List.of(), canceled.eventRevisions());
    assertEquals(1, canceled.calls().size());
  }
}
