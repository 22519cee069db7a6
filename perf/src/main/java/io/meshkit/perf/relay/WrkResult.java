package io.meshkit.perf.relay;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run measured, read from wrk's text output (run with {@code --latency}). Latencies are
 * in microseconds. Errors are wrk's socket errors (connect, read, write, timeout) and answers other
 * than 2xx/3xx; a run with errors measured something else than the path it was pointed at.
 */
public record WrkResult(double requestsPerSecond, long requests, double p50Micros, double p75Micros,
    double p90Micros, double p99Micros, long socketErrors, long non2xx) {
  private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)\\s*$", Pattern.MULTILINE);
  private static final Pattern TOTAL = Pattern.compile("^\\s*([0-9]+) requests in ", Pattern.MULTILINE);
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE);
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");
  /** wrk's latency units (src/units.c) in microseconds. */
  private static final Map<String, Double> MICROS = Map.of("us", 1.0, "ms", 1e3, "s", 1e6, "m", 60e6, "h", 3600e6);

  public long errors() {
    return socketErrors + non2xx;
  }

  /**
   * Parses the output of one {@code wrk --latency} run.
   *
   * @throws IllegalArgumentException quoting the output when the rate, the request count or one of
   *     the 50/75/90/99 % latencies is missing
   */
  public static WrkResult parse(String output) {
    double[] latency = new double[4];
    int found = 0;
    Matcher p = PERCENTILE.matcher(output);
    while (p.find()) {
      int slot = switch (p.group(1)) {
        case "50" -> 0;
        case "75" -> 1;
        case "90" -> 2;
        default -> 3;
      };
      latency[slot] = Double.parseDouble(p.group(2)) * MICROS.get(p.group(3));
      found |= 1 << slot;
    }
    Matcher rate = RATE.matcher(output);
    Matcher total = TOTAL.matcher(output);
    if (found != 0b1111 || !rate.find() || !total.find()) {
      throw new IllegalArgumentException("not the output of a wrk --latency run (no Requests/sec, request count or "
          + "latency distribution):\n" + output);
    }
    long socketErrors = 0;
    Matcher s = SOCKET_ERRORS.matcher(output);
    if (s.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(s.group(g));
      }
    }
    Matcher n = NON_2XX.matcher(output);
    return new WrkResult(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)), latency[0], latency[1],
        latency[2], latency[3], socketErrors, n.find() ? Long.parseLong(n.group(1)) : 0);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.0f req/s, p50 %.0f µs, p99 %.0f µs, %d errors", requestsPerSecond, p50Micros,
        p99Micros, errors());
  }
}
