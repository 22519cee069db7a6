package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A config of two fields: {@code level} may change at runtime, {@code port} may not. */
  record Settings(String level, Integer port) {}

  @TempDir
  Path dir;

  private final List<String> levels = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private ConfigReloader<Settings> reloader(Path file) throws Exception {
    ConfigReloader.Loader<Settings> loader = () -> {
      try {
        Settings s = YAML.readValue(file.toFile(), Settings.class);
        if (s.port() != null && s.port() <= 0) {
          throw new ConfigException("port must be positive, got " + s.port());
        }
        return new ConfigReloader.Loaded<>(s, s);
      } catch (java.io.IOException e) {
        throw new ConfigException("unreadable: " + e.getMessage());
      }
    };
    return new ConfigReloader<>(file, loader.load(), loader, Map.of("level", s -> levels.add(s.level())), meters);
  }

  @Test
  void appliesReloadableFieldsRefusesOthersAndInvalidFiles() throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "level: info\nport: 80\n");
    try (ConfigReloader<Settings> r = reloader(file)) {
      assertFalse(r.check(), "nothing changed");
      assertEquals("none", r.report().result());

      Files.writeString(file, "level: debug\nport: 80\n");
      assertTrue(r.check());
      assertEquals("applied", r.report().result());
      assertEquals(List.of("level"), r.report().applied());
      assertEquals(List.of("debug"), levels);

      Files.writeString(file, "level: debug\nport: 81\n");
      r.check();
      assertEquals("refused", r.report().result());
      assertEquals(List.of("port: needs a restart (the running value is kept)"), r.report().refused());

      // Back to the running port: nothing left to refuse (the refused value never took effect).
      Files.writeString(file, "level: warn\nport: 80\n");
      r.check();
      assertEquals("applied", r.report().result(), r.report()::toString);
      assertEquals(List.of("debug", "warn"), levels);

      Files.writeString(file, "level: warn\nport: -1\n");
      r.check();
      assertEquals("invalid", r.report().result());
      assertTrue(r.report().error().contains("port must be positive"), r.report()::toString);
      assertEquals(List.of("debug", "warn"), levels, "an invalid file changes nothing");
      assertEquals(1.0, meters.get("meshkit.config.reloads").tag("result", "invalid").counter().count());
      assertEquals(0.0, meters.get("meshkit.config.reload.last.success").gauge().value());
    }
  }

  @Test
  void absentAndNullAreTheSame() throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "level: info\n");
    try (ConfigReloader<Settings> r = reloader(file)) {
      Files.writeString(file, "level: info\nport: null\n");
      assertTrue(r.check());
      assertEquals("applied", r.report().result());
      assertEquals(List.of(), r.report().applied());
    }
  }
}
