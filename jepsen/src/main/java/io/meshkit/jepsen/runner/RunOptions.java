package io.meshkit.jepsen.runner;

import java.time.Duration;

/**
 * How one run goes.
 *
 * @param workload workload name (see {@link Workloads})
 * @param nemesis nemesis selection ({@code none}, {@code all}, or names; see {@code Nemeses})
 * @param duration how long clients issue operations
 * @param rate target operations per second over all processes
 * @param concurrency client processes
 * @param seed seeds every random choice of clients and nemesis
 * @param nemesisQuiet quiet period between faults (each drawn from [quiet, 2 × quiet))
 * @param nemesisHold how long each fault lasts (each drawn from [hold, 2 × hold))
 * @param serializableReads register and registry reads are local and possibly stale: the negative control
 */
public record RunOptions(
    String workload,
    String nemesis,
    Duration duration,
    double rate,
    int concurrency,
    long seed,
    Duration nemesisQuiet,
    Duration nemesisHold,
    boolean serializableReads) {

  public RunOptions {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive, got " + rate);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
  }

  /** Defaults for a workload: 60 s at 100 ops/s, 6 processes, faults of 5-10 s every 5-10 s. */
  public static RunOptions defaults(String workload, String nemesis, long seed) {
    return new RunOptions(workload, nemesis, Duration.ofSeconds(60), 100, 6, seed, Duration.ofSeconds(5),
        Duration.ofSeconds(5), false);
  }

  public RunOptions withDuration(Duration newDuration) {
    return new RunOptions(workload, nemesis, newDuration, rate, concurrency, seed, nemesisQuiet, nemesisHold,
        serializableReads);
  }

  public RunOptions withSerializableReads(boolean serializable) {
    return new RunOptions(workload, nemesis, duration, rate, concurrency, seed, nemesisQuiet, nemesisHold,
        serializable);
  }

  public RunOptions withNemesisTiming(Duration quiet, Duration hold) {
    return new RunOptions(workload, nemesis, duration, rate, concurrency, seed, quiet, hold, serializableReads);
  }
}
