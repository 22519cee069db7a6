package io.meshkit.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void keepsExactlyOneRequestPerClientInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Operation slowSystem = (worker, seq) -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<Void> answer = new CompletableFuture<>();
      timer.schedule(() -> {
        inFlight.decrementAndGet();
        answer.complete(null);
      }, 5, TimeUnit.MILLISECONDS);
      return answer;
    };
    Outcomes outcomes = new Outcomes(t -> "ERR");
    new ClosedLoop(4, slowSystem, outcomes).run(Window.startingNow(Duration.ofMillis(50), Duration.ofMillis(300)),
        Duration.ofSeconds(5));
    assertEquals(4, maxInFlight.get(), "four clients, one request each");
    assertTrue(outcomes.latency().getTotalCount() > 4, "requests were recorded in the window");
    assertTrue(outcomes.latency().getMinValue() >= 4_000, "latency is measured from issue to answer");
  }

  @Test
  void aClientWhoseCallsFailInlineDoesNotSpinForeverOrBlockTheOthers() throws Exception {
    Operation mixed = (worker, seq) -> worker == 0 ? CompletableFuture.failedFuture(new IllegalStateException())
        : CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
    Outcomes outcomes = new Outcomes(t -> "FAILED");
    new ClosedLoop(2, mixed, outcomes).run(Window.startingNow(Duration.ZERO, Duration.ofMillis(200)),
        Duration.ofSeconds(5));
    assertTrue(outcomes.errors().get("FAILED") > 0);
    assertTrue(outcomes.latency().getTotalCount() > 0, "the other client kept going");
  }
}
