package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppliedIndexWaitersTest {
  private final AppliedIndexWaiters waiters = new AppliedIndexWaiters();

  @Test
  void aWaiterCompletesWhenTheAppliedIndexReachesItsIndexNotBefore() {
    waiters.advance(5);
    assertTrue(waiters.await(5).isDone(), "already applied");
    CompletableFuture<Void> at8 = waiters.await(8);
    CompletableFuture<Void> at10 = waiters.await(10);
    waiters.advance(7);
    assertFalse(at8.isDone());
    waiters.advance(9);
    assertTrue(at8.isDone());
    assertFalse(at10.isDone());
    waiters.advance(3);  // a replayed, lower index changes nothing
    assertFalse(at10.isDone());
    waiters.advance(12);  // a snapshot install jumps past it
    assertTrue(at10.isDone());
  }

  @Test
  void oneWaitersTimeoutDoesNotFailAnotherWaitingForTheSameIndex() {
    CompletableFuture<Void> impatient = waiters.await(4).orTimeout(1, TimeUnit.MILLISECONDS);
    CompletableFuture<Void> patient = waiters.await(4);
    assertTrue(impatient.handle((ok, failure) -> failure != null).join());
    waiters.advance(4);
    assertTrue(patient.isDone() && !patient.isCompletedExceptionally());
  }
}
