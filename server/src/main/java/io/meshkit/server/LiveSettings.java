package io.meshkit.server;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The member settings that may change while it runs (see {@link ConfigReloader}): per-caller rate
 * limits, the readiness lag, log levels. Everything else in the config needs a restart. Thread-safe.
 */
final class LiveSettings {
  private final RateLimits rateLimits;
  private final AtomicLong readyMaxLag;
  private final io.micrometer.core.instrument.MeterRegistry meters;

  LiveSettings(ServerConfig.Resolved config, io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.rateLimits = new RateLimits(config.rateLimit(), RateLimits.DEFAULT_MAX_IDENTITIES, System::nanoTime);
    this.readyMaxLag = new AtomicLong(config.readyMaxLag());
  }

  /** Where reloads are counted. */
  io.micrometer.core.instrument.MeterRegistry meters() {
    return meters;
  }

  RateLimits rateLimits() {
    return rateLimits;
  }

  long readyMaxLag() {
    return readyMaxLag.get();
  }

  /** The reloadable top-level fields of a member's config, and how each is applied. */
  Map<String, java.util.function.Consumer<ServerConfig.Resolved>> appliers() {
    return Map.of(
        "rateLimit", c -> rateLimits.update(c.rateLimit()),
        "readyMaxLag", c -> readyMaxLag.set(c.readyMaxLag()),
        "logLevels", c -> LogLevels.apply(c.logLevels()));
  }
}
