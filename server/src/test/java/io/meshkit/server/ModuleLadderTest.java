package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module ladder of docs/architecture.md, checked on the sources: only raft-statemachine imports
 * Ratis or RocksDB; client, cli and the samples never import server-side code.
 */
class ModuleLadderTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** module → import prefixes its main code must not use. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "*", List.of("org.apache.ratis", "org.rocksdb"),
      "client", List.of("io.meshkit.raft", "io.meshkit.registry", "io.meshkit.server"),
      "cli", List.of("io.meshkit.raft", "io.meshkit.registry", "io.meshkit.server"),
      // samples/*: consumers of the client, like cli.
      "samples", List.of("io.meshkit.raft", "io.meshkit.registry", "io.meshkit.server", "io.meshkit.relay"));

  @Test
  void onlyTheStateMachineModuleImportsRatisOrRocksDb() throws IOException {
    List<String> violations = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> modules = Stream.concat(Files.list(ROOT), Files.list(ROOT.resolve("samples")))) {
      for (Path module : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).toList()) {
        String name = module.getParent().equals(ROOT) ? module.getFileName().toString() : "samples";
        List<String> banned = new ArrayList<>();
        if (!name.equals("raft-statemachine")) {
          banned.addAll(FORBIDDEN.get("*"));
        }
        banned.addAll(FORBIDDEN.getOrDefault(name, List.of()));
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            scanned++;
            for (String line : Files.readAllLines(file)) {
              String t = line.trim();
              if (t.startsWith("import ")) {
                for (String prefix : banned) {
                  if (t.matches("import (static )?" + prefix.replace(".", "\\.") + "\\..*")) {
                    violations.add(ROOT.relativize(file) + ": " + t);
                  }
                }
              }
            }
          }
        }
      }
    }
    assertTrue(scanned > 20, "expected to scan the project's sources from " + ROOT);
    assertEquals(List.of(), violations, "imports that break the module ladder");
  }
}
