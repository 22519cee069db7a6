package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The hints `meshkit server` adds to start failures with a known fix. */
class MainTest {
  @Test
  void aNativeLibraryThatCannotLoadPointsAtTheTempDirectory() {
    String hint = Main.startFailureHint(new IOException("start failed",
        new UnsatisfiedLinkError("/tmp/librocksdbjni1.so: failed to map segment from shared object")));
    assertTrue(hint.contains("java.io.tmpdir") && hint.contains("noexec"), hint);
  }

  @Test
  void otherFailuresGetNoInventedHint() {
    assertEquals("", Main.startFailureHint(new IOException("disk full")));
  }
}
