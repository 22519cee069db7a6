package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReadBarrierBatcherTest {
  /** Barriers the batcher sent, completed by the test. */
  private final List<CompletableFuture<Void>> sent = new CopyOnWriteArrayList<>();

  private final ReadBarrierBatcher<Void> batcher = new ReadBarrierBatcher<>(() -> {
    CompletableFuture<Void> b = new CompletableFuture<>();
    sent.add(b);
    return b;
  }, Runnable::run);

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

  @Test
  void aBarrierThatCannotBeSentFailsItsReadsAndTheNextIsSentAnyway() {
    boolean[] refuse = {true};
    ReadBarrierBatcher<Void> refusing = new ReadBarrierBatcher<>(() -> {
      if (refuse[0]) {
        throw new IllegalStateException("member closing");
      }
      CompletableFuture<Void> b = new CompletableFuture<>();
      sent.add(b);
      return b;
    }, Runnable::run);
    assertTrue(refusing.await().isCompletedExceptionally());
    refuse[0] = false;
    CompletableFuture<Void> next = refusing.await();
    assertEquals(1, sent.size(), "the batcher is not left waiting on the failed batch");
    sent.get(0).complete(null);
    assertTrue(next.isDone());
  }
}
