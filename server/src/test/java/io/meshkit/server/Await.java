package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing the test with {@code what} when it does not within the limit. */
public final class Await {
  private Await() {}

  public static void until(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + limit.toSeconds() + " s: " + what);
      Thread.sleep(200);
    }
  }
}
