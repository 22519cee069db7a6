package io.meshkit.perf.relay;

import io.meshkit.perf.cluster.ToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's wrk as the load generator: a closed loop of {@code connections} keep-alive connections
 * spread over {@code threads} threads, each sending the next {@code GET} as soon as the answer to the
 * last one is in, with the same request headers on every path.
 */
public record Wrk(int threads, int connections, Map<String, String> headers) {
  /** Where Debian installs wrk. */
  public static final Path BINARY = Path.of("/usr/bin/wrk");

  public Wrk {
    headers = Map.copyOf(headers);
  }

  /**
   * One run of {@code duration} against {@code url}.
   *
   * @throws IllegalStateException quoting wrk's output when it fails or its output does not parse
   */
  public WrkResult run(String url, Duration duration) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("wrk is not installed at " + BINARY
          + ": run 'apt-get install -y wrk' (bin/perf relay installs it when it may)");
    }
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--threads", Integer.toString(threads),
        "--connections", Integer.toString(connections), "--duration", duration.toSeconds() + "s", "--latency"));
    headers.forEach((name, value) -> cmd.addAll(List.of("--header", name + ": " + value)));
    cmd.add(url);
    Process wrk = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!wrk.waitFor(30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
        throw new IllegalStateException("wrk failed: " + String.join(" ", cmd) + "\n" + output);
      }
      // Which errors, when there are any (the result keeps only their count).
      output.lines().filter(l -> l.contains("Socket errors") || l.contains("Non-2xx"))
          .forEach(l -> System.err.println("relay bench: wrk: " + l.strip()));
      try {
        return WrkResult.parse(output);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    } finally {
      wrk.destroyForcibly();
    }
  }

  /** {@code wrk -v}'s first words, e.g. {@code wrk debian/4.1.0-3+b2}. */
  public static String version() throws IOException, InterruptedException {
    String first = ToolVersion.of(BINARY, "-v");
    int bracket = first.indexOf(" [");
    return bracket > 0 ? first.substring(0, bracket) : first;
  }
}
