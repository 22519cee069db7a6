package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadBarrierBatcherTest {
  /** Barriers the batcher sent, completed by the test. */
  private final List<CompletableFuture<Void>> sent = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private ReadBarrierBatcher batcher(Duration hedgeAfter) {
    return new ReadBarrierBatcher(() -> {
      CompletableFuture<Void> b = new CompletableFuture<>();
      sent.add(b);
      return b;
    }, Runnable::run, timer, hedgeAfter);
  }

  /** Hedging far away: these tests see only the batching. */
  private final ReadBarrierBatcher batcher = batcher(Duration.ofHours(1));

  @Test
  void aReadNeverRidesOnABarrierSentBeforeItArrived() {
    CompletableFuture<Void> first = batcher.await();
    CompletableFuture<Void> second = batcher.await();
    assertEquals(1, sent.size(), "one barrier in flight");

    sent.get(0).complete(null);

    assertTrue(first.isDone());
    assertFalse(second.isDone(), "the second read arrived after the first barrier was sent");
    assertEquals(2, sent.size(), "its barrier went out as soon as the first completed");
    sent.get(1).complete(null);
    assertTrue(second.isDone());
  }

  @Test
  void concurrentReadsShareTheNextBarrier() {
    batcher.await();
    List<CompletableFuture<Void>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      waiting.add(batcher.await());
    }
    sent.get(0).complete(null);
    sent.get(1).complete(null);
    assertEquals(2, sent.size(), "101 reads, two barriers");
    assertTrue(waiting.stream().allMatch(CompletableFuture::isDone));
    batcher.await();
    assertEquals(3, sent.size(), "idle again: the next read sends at once");
  }

  @Test
  void aFailedBarrierFailsOnlyItsOwnReads() {
    CompletableFuture<Void> first = batcher.await();
    CompletableFuture<Void> second = batcher.await();
    sent.get(0).completeExceptionally(new MeshException(io.meshkit.proto.v1.ErrorCode.NO_LEADER, "no leader", ""));
    assertTrue(first.isCompletedExceptionally());
    assertFalse(second.isDone());
    sent.get(1).complete(null);
    assertTrue(second.isDone() && !second.isCompletedExceptionally());
  }

  /** A barrier stuck (e.g. waiting for a scheduled heartbeat) is re-sent; the first success serves the batch. */
  @Test
  void aStuckBarrierIsHedgedAndTheFirstSuccessServesTheReads() throws Exception {
    ReadBarrierBatcher hedging = batcher(Duration.ofMillis(20));
    CompletableFuture<Void> read = hedging.await();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sent.size() < 2 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertTrue(sent.size() >= 2, "a second attempt went out while the first hung");
    assertFalse(read.isDone());
    sent.get(1).complete(null);
    assertTrue(read.isDone() && !read.isCompletedExceptionally(), "the hedge's success completes the read");
    int attempts = sent.size();
    TimeUnit.MILLISECONDS.sleep(100);
    assertEquals(attempts, sent.size(), "no more attempts once the batch completed");
    assertTrue(attempts <= ReadBarrierBatcher.MAX_ATTEMPTS);
  }

  @Test
  void aBatchFailsOnlyWhenEveryAttemptFailed() throws Exception {
    ReadBarrierBatcher hedging = batcher(Duration.ofMillis(20));
    CompletableFuture<Void> read = hedging.await();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sent.size() < ReadBarrierBatcher.MAX_ATTEMPTS && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertEquals(ReadBarrierBatcher.MAX_ATTEMPTS, sent.size(), "attempts are capped");
    for (int i = 0; i < sent.size() - 1; i++) {
      sent.get(i).completeExceptionally(new IllegalStateException("attempt " + i));
      assertFalse(read.isDone(), "one attempt is still out");
    }
    sent.get(sent.size() - 1).completeExceptionally(new IllegalStateException("last"));
    assertTrue(read.isCompletedExceptionally());
  }
}
