package io.meshkit.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /**
   * A system that answers nothing for 300 ms: a closed loop would record one slow request; the open
   * loop records every request that fell due during the stall, each with the time it waited.
   */
  @Test
  void aStallShowsInEveryRequestDueDuringIt() throws Exception {
    Window window = Window.startingNow(Duration.ZERO, Duration.ofSeconds(1));
    long stallEnds = window.measureStart() + TimeUnit.MILLISECONDS.toNanos(300);
    Operation stallingSystem = (worker, seq) -> {
      CompletableFuture<Void> answer = new CompletableFuture<>();
      long wait = Math.max(0, stallEnds - System.nanoTime());
      timer.schedule(() -> answer.complete(null), wait, TimeUnit.NANOSECONDS);
      return answer;
    };
    Outcomes outcomes = new Outcomes(t -> "ERR");
    new OpenLoop(200, 512, 3, stallingSystem, outcomes).run(window, Duration.ofSeconds(5));

    Histogram latency = outcomes.latency();
    long due = latency.getTotalCount();
    assertTrue(due >= 150 && due <= 201, "about 200 requests fall due in 1 s at 200/s, not " + due);
    long slow = latency.getCountBetweenValues(100_000, Long.MAX_VALUE / 2);
    // Due in the first 200 ms of the stall (≈40 requests): each waited at least 100 ms.
    assertTrue(slow >= 30, "requests due during the stall must show its wait, but only " + slow + " took ≥ 100 ms");
    assertEquals(Map.of(), outcomes.errors());
  }

  /** A system that never answers: sending stops at the window's end and the unsent rest is counted. */
  @Test
  void requestsThatCouldNotBeSentCountAsBacklog() throws Exception {
    Window window = Window.startingNow(Duration.ZERO, Duration.ofMillis(500));
    Outcomes outcomes = new Outcomes(t -> "ERR");
    long started = System.nanoTime();
    new OpenLoop(200, 10, 1, (worker, seq) -> new CompletableFuture<>(), outcomes).run(window, Duration.ZERO);
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "the loop ends with the window");
    long backlog = outcomes.errors().getOrDefault(OpenLoop.BACKLOG, 0L);
    assertTrue(backlog >= 80 && backlog <= 91, "about 100 due in 0.5 s, 10 sent: " + outcomes.errors());
  }

  @Test
  void failuresAreCountedByCode() throws Exception {
    Window window = Window.startingNow(Duration.ZERO, Duration.ofMillis(200));
    Operation failing = (worker, seq) -> CompletableFuture.failedFuture(new IllegalStateException("no"));
    Outcomes outcomes = new Outcomes(t -> t.getClass().getSimpleName());
    new OpenLoop(100, 8, 1, failing, outcomes).run(window, Duration.ofSeconds(1));
    assertEquals(0, outcomes.latency().getTotalCount());
    assertTrue(outcomes.errors().get("IllegalStateException") >= 10, outcomes.errors().toString());
  }
}
