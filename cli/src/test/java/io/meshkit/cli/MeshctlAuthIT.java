package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.server.MiniCluster;
import io.meshkit.server.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * meshctl auth against a real member over mutual TLS: roles and users made, enforcement enabled, a
 * refusal reported with its reason and fix (exit 1, no stack trace), a bearer token from the
 * environment naming its user, the denial list, usage errors for a malformed grant.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MeshctlAuthIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private MiniCluster cluster;
  private TestCertificates ca;

  private Cli.Result meshctl(Path[] identity, Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("--endpoints", String.join(",", cluster.clientEndpoints()),
        "--cacert", ca.ca().toString(), "--cert", identity[0].toString(), "--key", identity[1].toString()));
    all.addAll(List.of(args));
    Cli.Result r = new Cli(env, "", ClientFactory.standard()).execute(all.toArray(String[]::new));
    assertFalse(r.err().contains("\tat "), () -> "a stack trace:\n" + r);
    return r;
  }

  private Cli.Result ok(Path[] identity, String... args) {
    Cli.Result r = meshctl(identity, Map.of(), args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  @Test
  void rolesUsersEnableRefusalTokensAndDenials() throws Exception {
    ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    Path[] root = ca.issue("root", 2, "/CN=root/O=admin");
    Path[] alice = ca.issue("alice", 3);
    try (MiniCluster started = MiniCluster.start(1, dir.resolve("cluster"), MiniCluster.Options.defaults()
        .withTls(new MiniCluster.Options.Tls(node[0], node[1], ca.ca(), "require", Duration.ofSeconds(10))))) {
      cluster = started;
      cluster.awaitLeader(Duration.ofSeconds(30));
      JsonNode me = JSON.readTree(ok(root, "auth", "whoami", "-o", "json").out());
      assertEquals("root", me.get("name").asText());
      assertEquals("admin", me.get("roles").get(0).asText());

      Cli.Result badGrant = meshctl(root, Map.of(), "auth", "role", "put", "w", "--grant", "kv:sometimes");
      assertEquals(ExitCodes.USAGE, badGrant.exitCode(), badGrant.toString());
      assertTrue(badGrant.err().contains("access \"sometimes\" is not read or write"), badGrant.err());
      ok(root, "auth", "role", "put", "app-writer", "--grant", "kv:write:app/");
      ok(root, "auth", "user", "put", "alice", "--role", "app-writer");
      ok(root, "auth", "user", "put", "ci", "--role", "viewer");
      assertTrue(ok(root, "auth", "enable").out().contains("auth enabled"));
      assertTrue(ok(root, "auth", "status").out().contains("ENABLED"));

      ok(alice, "kv", "put", "app/x", "1");
      Cli.Result refused = meshctl(alice, Map.of(), "kv", "put", "other", "1");
      assertEquals(ExitCodes.REFUSED, refused.exitCode(), refused.toString());
      assertTrue(refused.err().contains("Error: alice may not write on kv \"other\""), refused.err());
      assertTrue(refused.err().contains("Hint: an admin can grant it: meshctl auth user put alice"), refused.err());

      String token = JSON.readTree(ok(root, "auth", "token", "create", "ci", "--ttl", "1h", "--description", "test",
          "-o", "json").out()).get("token").asText();
      assertTrue(token.startsWith("mktok."), token);
      Cli.Result asCi = meshctl(alice, Map.of("MESHKIT_TOKEN", token), "auth", "whoami", "-o", "json");
      assertEquals(0, asCi.exitCode(), asCi.toString());
      assertEquals("ci", JSON.readTree(asCi.out()).get("name").asText());
      assertEquals("token", JSON.readTree(asCi.out()).get("kind").asText());
      JsonNode tokens = JSON.readTree(ok(root, "auth", "token", "list", "-o", "json").out());
      assertEquals("ci", tokens.get(0).get("user").asText());
      assertFalse(tokens.toString().contains(token.substring(token.lastIndexOf('.') + 1)), "no secret in the list");

      JsonNode denials = JSON.readTree(ok(root, "auth", "denials", "-o", "json").out()).get("denials");
      assertTrue(denials.toString().contains("alice (certificate"), denials.toString());
      ok(root, "auth", "disable");
      ok(alice, "kv", "put", "other", "1");
    }
  }
}
