package io.meshkit.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logger levels, changeable while the process runs: a member's and a relay's {@code logLevels}
 * (logger name prefix → error|warn|info|debug|trace|off; "" or "root" is every logger) over the
 * defaults below. MeshKit logs through SLF4J onto {@code java.util.logging} (slf4j-jdk14), whose
 * levels can be set at any time; the JDK keeps loggers only weakly, so the ones given a level are held
 * here. Applying a new map also resets the prefixes the previous one named and this one does not.
 */
final class LogLevels {
  /** What a member logs without {@code logLevels}: MeshKit at info, Ratis' and gRPC's chatter from warn up. */
  static final Map<String, String> DEFAULTS = Map.of("", "info", "org.apache.ratis", "warn",
      "org.apache.ratis.server.impl.LeaderElection", "info", "io.grpc", "warn", "io.netty", "warn");

  private static final Map<String, Logger> HELD = new ConcurrentHashMap<>();

  private LogLevels() {}

  /** {@code levels} checked: every value a known level; the message names the logger and the choices. */
  static Map<String, String> validate(Map<String, String> levels, String field) throws ConfigException {
    Map<String, String> out = new LinkedHashMap<>();
    if (levels == null) {
      return out;
    }
    for (Map.Entry<String, String> e : levels.entrySet()) {
      String name = e.getKey() == null || e.getKey().equals("root") ? "" : e.getKey().trim();
      String level = e.getValue() == null ? "" : e.getValue().trim().toLowerCase(Locale.ROOT);
      if (toJul(level) == null) {
        throw new ConfigException(field + "." + (name.isEmpty() ? "root" : name) + " is '" + e.getValue()
            + "': use one of error, warn, info, debug, trace, off");
      }
      out.put(name, level);
    }
    return out;
  }

  /** Sets the defaults overlaid with {@code configured} (validated); prefixes no longer named go back to inheriting. */
  static synchronized void apply(Map<String, String> configured) {
    Map<String, String> wanted = new LinkedHashMap<>(DEFAULTS);
    wanted.putAll(configured);
    for (Map.Entry<String, Logger> held : HELD.entrySet()) {
      if (!wanted.containsKey(held.getKey())) {
        held.getValue().setLevel(null);
      }
    }
    wanted.forEach((name, level) -> HELD.computeIfAbsent(name, Logger::getLogger).setLevel(toJul(level)));
  }

  /**
   * Makes the process log one line per record on stderr ({@link LogFormat}) and applies the defaults:
   * for the processes MeshKit starts itself (server, relay, probe), before anything logs.
   */
  static void installConsole() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.ALL);
    console.setFormatter(new LogFormat());
    root.addHandler(console);
    apply(Map.of());
  }

  /** The JUL level of an SLF4J-style name, null when unknown. */
  static Level toJul(String level) {
    return switch (level) {
      case "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "info" -> Level.INFO;
      case "debug" -> Level.FINE;
      case "trace" -> Level.FINEST;
      case "off" -> Level.OFF;
      default -> null;
    };
  }
}
