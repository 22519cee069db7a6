package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogLevelsTest {
  @AfterEach
  void defaults() {
    LogLevels.apply(Map.of());
  }

  @Test
  void levelsApplyAndAPrefixNoLongerNamedInheritsAgain() throws Exception {
    LogLevels.apply(LogLevels.validate(Map.of("io.meshkit.gossip", "debug", "root", "warn"), "logLevels"));
    assertEquals(Level.FINE, Logger.getLogger("io.meshkit.gossip").getLevel());
    assertEquals(Level.WARNING, Logger.getLogger("").getLevel());
    assertEquals(Level.WARNING, Logger.getLogger("org.apache.ratis").getLevel(), "defaults stay");
    LogLevels.apply(Map.of());
    assertNull(Logger.getLogger("io.meshkit.gossip").getLevel());
    assertEquals(Level.INFO, Logger.getLogger("").getLevel());
  }

  @Test
  void anUnknownLevelNamesTheLoggerAndTheChoices() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> LogLevels.validate(Map.of("io.meshkit", "verbose"), "logLevels"));
    assertTrue(e.getMessage().contains("logLevels.io.meshkit is 'verbose'"), e.getMessage());
    assertTrue(e.getMessage().contains("error, warn, info, debug, trace, off"), e.getMessage());
  }
}
