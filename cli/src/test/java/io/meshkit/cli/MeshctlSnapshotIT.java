package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.raft.Table;
import io.meshkit.server.MiniCluster;
import io.meshkit.server.StoreTampering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** meshctl snapshot save/status and check hash against three real in-JVM members. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MeshctlSnapshotIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static Cli.Result meshctl(List<String> endpoints, String... args) {
    return new Cli().execute(Stream.concat(Stream.of("--endpoints", String.join(",", endpoints)),
        Arrays.stream(args)).toArray(String[]::new));
  }

  private static Cli.Result ok(List<String> endpoints, String... args) {
    Cli.Result r = meshctl(endpoints, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  @Test
  void saveVerifyAndCompareHashesUntilAMemberIsTamperedWith() throws Exception {
    MiniCluster.run(3, dir.resolve("cluster"), MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      for (int i = 0; i < 20; i++) {
        ok(all, "kv", "put", "app/" + i, "value " + i);
      }
      Path file = dir.resolve("backup.snap");
      JsonNode saved = JSON.readTree(ok(all, "snapshot", "save", file.toString(), "--endpoint",
          cluster.clientEndpoint(2), "-o", "json").out());
      assertEquals("n3", saved.get("member_id").asText());
      assertEquals(20, saved.get("keys").asLong(), saved::toString);
      assertTrue(saved.get("revision").asLong() >= 20, saved::toString);
      assertEquals(64, saved.get("sha256").asText().length());
      assertEquals(Files.size(file), saved.get("size_bytes").asLong());

      Cli.Result status = ok(List.of("127.0.0.1:1"), "snapshot", "status", file.toString());
      assertTrue(status.out().startsWith("CLUSTER"), status::toString);
      assertTrue(status.out().contains(saved.get("sha256").asText()), status::toString);
      assertTrue(status.out().contains(" " + saved.get("revision").asLong() + " "), status::toString);

      byte[] bytes = Files.readAllBytes(file);
      Path truncated = Files.write(dir.resolve("cut.snap"), Arrays.copyOf(bytes, bytes.length - 10));
      Cli.Result refused = meshctl(all, "snapshot", "status", truncated.toString());
      assertEquals(ExitCodes.REFUSED, refused.exitCode(), refused::toString);
      assertTrue(refused.err().startsWith("Error: not a valid snapshot: " + truncated), refused::toString);
      assertTrue(refused.err().contains("truncated"), refused::toString);
      assertNoStackTrace(refused);

      Cli.Result noDir = meshctl(all, "snapshot", "save", dir.resolve("absent/x.snap").toString());
      assertEquals(ExitCodes.USAGE, noDir.exitCode(), noDir::toString);
      assertTrue(noDir.err().contains("does not exist: create it first"), noDir::toString);

      Cli.Result agree = ok(all, "check", "hash");
      String[] lines = agree.out().split("\n");
      assertEquals(4, lines.length, agree::toString);
      assertTrue(lines[0].startsWith("MEMBER"), agree::toString);
      assertEquals(1, Arrays.stream(lines).skip(1).map(l -> l.split(" +")[4]).distinct().count(), agree::toString);

      cluster.stop(1);
      StoreTampering.put(cluster.dataDir(1), Table.KV, "rogue".getBytes(), "only here".getBytes());
      cluster.restart(1);
      cluster.awaitLeader(java.time.Duration.ofSeconds(60));
      Cli.Result differ = meshctl(all, "check", "hash", "-o", "json");
      assertEquals(ExitCodes.REFUSED, differ.exitCode(), differ::toString);
      assertTrue(differ.err().contains("state hashes differ at revision"), differ::toString);
      assertTrue(differ.err().contains("member(s) n2 disagree"), differ::toString);
      JsonNode check = JSON.readTree(differ.out());
      assertFalse(check.get("consistent").asBoolean());
      assertEquals("n2", check.at("/differing/0").asText());
      assertNoStackTrace(differ);
    });
  }
}
