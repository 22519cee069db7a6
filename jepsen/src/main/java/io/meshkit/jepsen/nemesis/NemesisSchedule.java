package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.cluster.TestCluster;
import java.time.Duration;
import java.util.Random;

/**
 * Drives a nemesis on its own thread: quiet for a while, fault, hold it, heal, and again, until
 * stopped; every fault and heal goes into the history as a nemesis record. Periods are drawn
 * uniformly from [period, 2 × period) with the run's seed. {@link #stop()} always heals.
 */
public final class NemesisSchedule {
  private final Nemesis nemesis;
  private final TestCluster<?> cluster;
  private final HistoryRecorder recorder;
  private final Random random;
  private final Duration quiet;
  private final Duration hold;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile RuntimeException failure;

  public NemesisSchedule(Nemesis nemesis, TestCluster<?> cluster, HistoryRecorder recorder, long seed,
      Duration quiet, Duration hold) {
    this.nemesis = nemesis;
    this.cluster = cluster;
    this.recorder = recorder;
    this.random = new Random(seed);
    this.quiet = quiet;
    this.hold = hold;
    this.thread = new Thread(this::loop, "nemesis");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    try {
      while (!stopping) {
        if (!sleep(quiet)) {
          return;
        }
        recorder.nemesis(OpFunction.FAULT, nemesis.fault(cluster, random));
        boolean held = sleep(hold);
        recorder.nemesis(OpFunction.HEAL, nemesis.heal(cluster));
        if (!held) {
          return;
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Sleeps a random duration in [period, 2 × period); false when stopped meanwhile. */
  private boolean sleep(Duration period) {
    long until = System.nanoTime() + period.toNanos() + (long) (random.nextDouble() * period.toNanos());
    while (!stopping) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * Stops the schedule and heals whatever is broken.
   *
   * @throws IllegalStateException if the nemesis failed to act (the run cannot be trusted)
   */
  public void stop() throws InterruptedException {
    stopping = true;
    thread.join();
    recorder.nemesis(OpFunction.HEAL, "final heal: " + nemesis.heal(cluster));
    if (failure != null) {
      throw new IllegalStateException("the nemesis failed: " + failure.getMessage(), failure);
    }
  }
}
