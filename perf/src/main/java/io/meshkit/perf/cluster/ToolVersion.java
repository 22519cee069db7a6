package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The version a local tool reports, for the reports: the first line it prints when asked. */
public final class ToolVersion {
  private ToolVersion() {}

  /** The first line {@code binary flag} prints (stdout or stderr), or {@code <name> (unknown version)}. */
  public static String of(Path binary, String flag) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary.toString(), flag).redirectErrorStream(true).start();
    String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
        .orElse(binary.getFileName() + " (unknown version)");
    p.waitFor(10, TimeUnit.SECONDS);
    return first.strip();
  }
}
