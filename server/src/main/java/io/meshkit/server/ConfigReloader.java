package io.meshkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a process's config file and applies what can change while it runs. Every
 * {@code interval} the file is read; when its bytes changed, it is loaded and validated exactly as at
 * start (flags still win), then compared, field by field, with the config in effect:
 * <ul>
 *   <li>a changed field with an applier (log levels, rate limits, ...) is applied;
 *   <li>any other changed field is refused — logged as needing a restart, the running value kept;
 *   <li>a file that does not load or validate is refused as a whole, nothing changes.
 * </ul>
 * The outcome of the last reload is kept for {@code /control/config} ({@link #report()}) and counted
 * in {@code meshkit_config_reloads_total{result}}. TLS files have their own reload ({@code tlsReloadInterval}).
 *
 * @param <R> the validated config the appliers read
 */
final class ConfigReloader<R> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
  /** Field trees for comparing configs: durations as their text, everything else as Jackson writes it. */
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
      .addSerializer(Duration.class, ToStringSerializer.instance));

  /** The config as written (its field tree, for comparing) and as validated (for the appliers). */
  record Loaded<R>(Object raw, R resolved) {}

  /** Loads and validates the file (with the process's flags); throws {@link ConfigException} with the reason. */
  @FunctionalInterface
  interface Loader<R> {
    Loaded<R> load() throws ConfigException;
  }

  /**
   * The last reload: when, its result ({@code applied}, {@code refused}, {@code invalid}), the fields
   * applied, those refused with why, and the error of an invalid file.
   */
  record Report(String file, String at, String result, List<String> applied, List<String> refused, String error,
      List<String> reloadable) {}

  private final Path file;
  private final Loader<R> loader;
  private final Map<String, Consumer<R>> appliers;
  private final ScheduledExecutorService timer;
  private final AtomicReference<Report> last = new AtomicReference<>();
  private final MeterRegistry meters;
  private ObjectNode effective;
  private byte[] lastBytes;

  /**
   * @param running the config the process started with
   * @param appliers per top-level field that may change at runtime, what applies its new value
   */
  ConfigReloader(Path file, Loaded<R> running, Loader<R> loader, Map<String, Consumer<R>> appliers,
      MeterRegistry meters) {
    this.file = file;
    this.loader = loader;
    this.appliers = Map.copyOf(appliers);
    this.meters = meters;
    this.effective = tree(running.raw());
    this.lastBytes = read();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshkit-config-reload");
      t.setDaemon(true);
      return t;
    });
    Gauge.builder("meshkit.config.reload.last.success", last, l -> l.get() == null
        || "applied".equals(l.get().result()) ? 1 : 0)
        .description("0 when the last config reload refused a change or the whole file, else 1").register(meters);
  }

  /** Checks the file every {@code interval}. */
  ConfigReloader<R> start(Duration interval) {
    timer.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The last reload, or none yet. */
  Report report() {
    Report r = last.get();
    return r != null ? r : new Report(file.toString(), null, "none", List.of(), List.of(), null, reloadable());
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("config reload of {} failed: {}", file, e.toString());
    }
  }

  /** Reloads if the file changed since the last look; returns whether it did. */
  synchronized boolean check() {
    byte[] bytes = read();
    if (bytes == null || Arrays.equals(bytes, lastBytes)) {
      return false;
    }
    lastBytes = bytes;
    Loaded<R> loaded;
    try {
      loaded = loader.load();
    } catch (ConfigException e) {
      finish(new Report(file.toString(), Instant.now().toString(), "invalid", List.of(), List.of(), e.getMessage(),
          reloadable()));
      LOG.warn("config reload: {} refused, nothing changed: {}", file, e.getMessage());
      return true;
    }
    ObjectNode next = tree(loaded.raw());
    List<String> applied = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String field : changedFields(effective, next)) {
      Consumer<R> applier = appliers.get(field);
      if (applier == null) {
        refused.add(field + ": needs a restart (the running value is kept)");
        continue;
      }
      try {
        applier.accept(loaded.resolved());
        applied.add(field);
        effective.set(field, next.get(field));
      } catch (RuntimeException e) {
        refused.add(field + ": " + e.getMessage());
      }
    }
    String result = refused.isEmpty() ? "applied" : "refused";
    finish(new Report(file.toString(), Instant.now().toString(), result, applied, refused, null, reloadable()));
    if (!applied.isEmpty()) {
      LOG.info("config reload: applied {} from {}", applied, file);
    }
    refused.forEach(r -> LOG.warn("config reload: {} in {}", r, file));
    return true;
  }

  private void finish(Report report) {
    last.set(report);
    Counter.builder("meshkit.config.reloads").tag("result", report.result())
        .description("Config file changes seen: applied, refused (some field needs a restart), invalid")
        .register(meters).increment();
  }

  private List<String> reloadable() {
    return appliers.keySet().stream().sorted().toList();
  }

  /** Top-level fields whose values differ (absent and null are the same). */
  static Set<String> changedFields(ObjectNode before, ObjectNode after) {
    Set<String> names = new LinkedHashSet<>();
    before.fieldNames().forEachRemaining(names::add);
    after.fieldNames().forEachRemaining(names::add);
    Set<String> changed = new LinkedHashSet<>();
    for (String name : names) {
      JsonNode a = before.get(name);
      JsonNode b = after.get(name);
      boolean aNull = a == null || a.isNull();
      boolean bNull = b == null || b.isNull();
      if (aNull != bNull || !aNull && !a.equals(b)) {
        changed.add(name);
      }
    }
    return changed;
  }

  private static ObjectNode tree(Object raw) {
    JsonNode node = JSON.valueToTree(raw);
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNull()) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;  // moved or being replaced: look again next time
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
