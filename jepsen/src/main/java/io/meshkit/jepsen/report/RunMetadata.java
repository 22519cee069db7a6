package io.meshkit.jepsen.report;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What was run, as the runner configured it.
 *
 * @param name the run's name (conventionally its directory name)
 * @param workload workload name, e.g. {@code "register"}
 * @param nemesis nemesis name, e.g. {@code "partition"}; {@code "none"} for none
 * @param seed the random seed of the run
 * @param durationSeconds configured duration of the client phase
 * @param rate configured request rate, ops per second over all clients
 * @param options any further options, shown sorted by key (never null)
 * @param started wall-clock start of the run
 */
public record RunMetadata(String name, String workload, String nemesis, long seed, double durationSeconds,
    double rate, Map<String, String> options, Instant started) {

  public RunMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(nemesis, "nemesis");
    Objects.requireNonNull(started, "started");
    options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
  }
}
