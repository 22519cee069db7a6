package io.meshkit.cli;

import io.meshkit.server.ConfigException;
import io.meshkit.server.MiniCluster;
import java.nio.file.Path;

/**
 * Runs a test body on a fresh three-member {@link MiniCluster}. The fixture picks free ports before
 * its members bind them; when another process (a parallel build) takes one in between, the start
 * fails with "is not available" and is retried on new ports, so the race cannot fail a test.
 */
final class ThreeMembers {
  private static final int ATTEMPTS = 3;

  private ThreeMembers() {}

  static void run(Path baseDir, MiniCluster.Body body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        MiniCluster.run(3, baseDir.resolve("attempt-" + attempt), MiniCluster.Options.defaults(), body);
        return;
      } catch (ConfigException e) {
        if (attempt == ATTEMPTS || !e.getMessage().contains("is not available")) {
          throw e;
        }
        System.err.println("MiniCluster start lost a port race, retrying: " + e.getMessage());
      }
    }
  }
}
