package io.meshkit.server;

import io.meshkit.client.MeshkitClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic probes: every {@code interval} one round runs each check in turn — the KV canary, the
 * election canary and, with a relay configured, the relay canary — and records its outcome and time in
 * {@link ProbeMeters}. Rounds run on one daemon thread and never overlap (a round that overruns
 * delays the next); each call is bounded by {@code timeout}. A check's pass→fail and fail→pass
 * transitions are logged, not every failure.
 */
public final class ProbeRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

  private final List<ProbeCheck> checks;
  private final ProbeMeters meters;
  private final MeshkitClient client;
  private final ScheduledExecutorService rounds;
  /** Per check: the reason of its current failure, or "" while it passes (runner thread only). */
  private final Map<String, String> failing = new HashMap<>();

  private ProbeRunner(List<ProbeCheck> checks, ProbeMeters meters, MeshkitClient client) {
    this.checks = checks;
    this.meters = meters;
    this.client = client;
    this.rounds = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "probe-runner");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts probing through {@code client} (closed with the runner; its call timeout should be the
   * config's), exporting into {@code registry}. The first round starts at once.
   */
  public static ProbeRunner start(ProbeConfig.Resolved config, MeshkitClient client, MeterRegistry registry) {
    List<ProbeCheck> checks = new ArrayList<>(List.of(new KvCanary(client, config.key()),
        new ElectionCanary(client, config.scope(), config.id(), config.timeout())));
    config.relay().ifPresent(relay -> checks.add(new RelayCanary(HttpClient.newBuilder()
        .connectTimeout(config.timeout()).build(), relay, config.timeout())));
    ProbeRunner runner = new ProbeRunner(List.copyOf(checks), new ProbeMeters(registry,
        checks.stream().map(ProbeCheck::name).toList()), client);
    runner.rounds.scheduleAtFixedRate(runner::round, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("probing every {} ({}): key {}, scope {}{}", DurationText.format(config.interval()),
        checks.stream().map(ProbeCheck::name).toList(), config.key(), config.scope(),
        config.relay().map(r -> ", relay " + r.url()).orElse(""));
    return runner;
  }

  /** One round: every check once, in order. Never throws (a thrown exception would end the schedule). */
  private void round() {
    for (ProbeCheck check : checks) {
      long start = System.nanoTime();
      String reason;
      String message;
      try {
        check.run();
        reason = "";
        message = "";
      } catch (ProbeFailure f) {
        reason = f.reason();
        message = f.getMessage();
      } catch (RuntimeException e) {
        reason = "error";
        message = e.toString();
      }
      long nanos = System.nanoTime() - start;
      if (reason.isEmpty()) {
        meters.passed(check.name(), nanos);
      } else {
        meters.failed(check.name(), reason, nanos);
      }
      String before = failing.put(check.name(), reason);
      if (!reason.isEmpty() && !reason.equals(before)) {
        LOG.warn("probe {} failing ({}): {}", check.name(), reason, message);
      } else if (reason.isEmpty() && before != null && !before.isEmpty()) {
        LOG.info("probe {} passes again", check.name());
      }
    }
  }

  /** Stops probing (a round under way is interrupted) and closes the client. */
  @Override
  public void close() {
    rounds.shutdownNow();
    try {
      rounds.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
