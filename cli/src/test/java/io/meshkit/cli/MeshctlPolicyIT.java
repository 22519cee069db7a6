package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.server.MiniCluster;
import io.meshkit.server.TestCertificates;
import java.nio.file.Files;
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
 * meshctl policy and config validate against a real member over mutual TLS: TLS required (the member
 * complies), a relay config without clusterTls and tls named with the fixes (exit 1, table and JSON), a
 * complying one passing (exit 0), a member config without TLS named, a file that is not a config
 * refused naming the field, a missing file a usage error.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MeshctlPolicyIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private MiniCluster cluster;
  private TestCertificates ca;
  private Path[] admin;

  private Cli.Result meshctl(String... args) {
    // A generous timeout: the first calls set up TLS on a machine that other builds keep busy.
    List<String> all = new ArrayList<>(List.of("--timeout", "30s", "--endpoints",
        String.join(",", cluster.clientEndpoints()), "--cacert", ca.ca().toString(), "--cert", admin[0].toString(), "--key", admin[1].toString()));
    all.addAll(List.of(args));
    Cli.Result r = new Cli(Map.of(), "", ClientFactory.standard()).execute(all.toArray(String[]::new));
    assertFalse(r.err().contains("\tat "), () -> "a stack trace:\n" + r);
    return r;
  }

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void validateNamesTheOffendingSettingsOfAConfigAgainstThePolicy() throws Exception {
    ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    admin = ca.issue("root", 2, "/CN=root/O=admin");
    try (MiniCluster started = MiniCluster.start(1, dir.resolve("cluster"), MiniCluster.Options.defaults()
        .withTls(new MiniCluster.Options.Tls(node[0], node[1], ca.ca(), "require", Duration.ofSeconds(10))))) {
      cluster = started;
      cluster.awaitLeader(Duration.ofSeconds(30));
      String relay = "endpoints: [10.0.0.1:7001]\nroutes: [{header: x-meshkit-namespace}]\n";
      Path plainRelay = file("plain-relay.yaml", relay);
      Path tlsRelay = file("tls-relay.yaml", relay + "clusterTls: {caFile: ca.pem, certFile: r.pem, keyFile: r.key}\n"
          + "tls: {certFile: r.pem, keyFile: r.key, caFile: ca.pem}\n");
      // No policy yet: anything goes.
      Cli.Result anything = meshctl("config", "validate", plainRelay.toString(), "--kind", "relay");
      assertEquals(0, anything.exitCode(), anything.toString());

      Cli.Result set = meshctl("policy", "set", "--require-tls", "--client-protocols", "h2", "--backend-protocols",
          "h2c,http1.1");
      assertEquals(0, set.exitCode(), set.toString());
      assertTrue(set.out().contains("require TLS:       yes"), set.out());
      assertTrue(set.out().contains("client protocols:  h2\n")
          && set.out().contains("backend protocols: h2c, http1.1 (most preferred first)"), set.out());
      JsonNode got = JSON.readTree(meshctl("policy", "get", "-o", "json").out());
      assertTrue(got.get("policy").get("require_tls").asBoolean(), got.toString());
      assertEquals(0, got.get("member_violations").size(), got.toString());

      Cli.Result bad = meshctl("config", "validate", plainRelay.toString(), "--kind", "relay");
      assertEquals(ExitCodes.REFUSED, bad.exitCode(), bad.toString());
      assertTrue(bad.out().contains("3 setting(s) the transport policy does not allow"), bad.out());
      assertTrue(bad.out().contains("clusterTls") && bad.out().contains("add clusterTls: {caFile: ca.pem"), bad.out());
      assertTrue(bad.out().contains("listen") && bad.out().contains("serve TLS (tls:) for h2"), bad.out());
      JsonNode json = JSON.readTree(meshctl("config", "validate", plainRelay.toString(), "--kind", "relay", "-o",
          "json").out());
      List<String> settings = new ArrayList<>();
      json.get("violations").forEach(v -> settings.add(v.get("setting").asText()));
      assertEquals(List.of("clusterTls", "tls", "listen"), settings, json.toString());

      Cli.Result good = meshctl("config", "validate", tlsRelay.toString(), "--kind", "relay");
      assertEquals(0, good.exitCode(), good.toString());
      assertTrue(good.out().contains("complies with the transport policy"), good.out());

      Cli.Result member = meshctl("config", "validate", file("node.yaml", "nodeId: n9\ndataDir: /d\n").toString());
      assertEquals(ExitCodes.REFUSED, member.exitCode(), member.toString());
      assertTrue(member.out().contains("tlsCertFile"), member.out());

      Cli.Result notAConfig = meshctl("config", "validate", file("typo.yaml", relay + "listenn: x\n").toString(),
          "--kind", "relay");
      assertEquals(ExitCodes.REFUSED, notAConfig.exitCode(), notAConfig.toString());
      assertTrue(notAConfig.err().contains("unknown config field 'listenn'"), notAConfig.err());
      Cli.Result missing = meshctl("config", "validate", dir.resolve("nope.yaml").toString());
      assertEquals(ExitCodes.USAGE, missing.exitCode(), missing.toString());
      assertTrue(missing.err().contains("does not exist"), missing.err());
    }
  }
}
