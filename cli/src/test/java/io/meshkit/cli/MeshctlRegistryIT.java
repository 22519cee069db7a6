package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.meshkit.cli.MeshctlLeadershipIT.await;
import static io.meshkit.cli.MeshctlLeadershipIT.withEndpoints;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.server.MiniCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** meshctl ns, shards, nodes and audit against three real in-JVM members. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MeshctlRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** meshctl as user alice (the default actor of changes). */
  private static Cli.Result meshctl(List<String> endpoints, String... args) {
    return new Cli(Map.of("USER", "alice"), "", ClientFactory.standard()).execute(withEndpoints(endpoints, args));
  }

  private static Cli.Result ok(List<String> endpoints, String... args) {
    Cli.Result r = meshctl(endpoints, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  private static JsonNode json(List<String> endpoints, String... args) throws Exception {
    String[] withJson = Stream.concat(Arrays.stream(args), Stream.of("-o", "json")).toArray(String[]::new);
    return JSON.readTree(ok(endpoints, withJson).out());
  }

  @Test
  void registerCreateListResolveTransferWithEpochsDryRunDiffAuditAndWatch() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      for (int i = 1; i <= 3; i++) {
        ok(all, "nodes", "register", "node-" + i, "--endpoint", "10.0.0." + i + ":8080", "--zone", "zone-" + i,
            "--label", "disk=ssd");
      }
      assertEquals(3, json(all, "nodes", "list").get("nodes").size());
      String created = ok(all, "ns", "create", "orders", "--shards", "64", "--replicas", "3", "--strategy",
          "rendezvous", "--reason", "launch").out();
      assertTrue(created.contains("namespace/orders  created: strategy rendezvous, shards 64, replicas 3"), created);
      String shardsCreated = ok(all, "shards", "create", "orders").out();
      assertTrue(shardsCreated.lines().anyMatch(l -> l.matches("shard/orders/63 +created: owner node-\\d, .*")),
          shardsCreated);
      assertTrue(shardsCreated.lines().anyMatch(l -> l.matches("namespace/orders +shards_created false → true")),
          shardsCreated);

      assertEquals(64, json(all, "shards", "list", "--namespace", "orders").get("shards").size());
      assertEquals(10, json(all, "shards", "list", "--limit", "10").get("shards").size());
      JsonNode shard = json(all, "shards", "get", "orders", "7").get("shard");
      String owner = shard.get("owner").asText();
      assertEquals(1, shard.get("epoch").asLong());
      long before = json(all, "shards", "get", "orders", "7").at("/header/revision").asLong();

      JsonNode resolved = json(all, "shards", "resolve", "orders", "customer-42");
      String resolvedOwner = resolved.at("/shard/owner").asText();
      assertEquals("10.0.0." + resolvedOwner.substring("node-".length()) + ":8080",
          resolved.at("/owner/endpoints/0").asText(), resolved::toString);

      String to = owner.equals("node-2") ? "node-3" : "node-2";
      String preview = ok(all, "shards", "transfer", "orders", "7", "--to", to, "--expected-epoch", "1",
          "--dry-run").out();
      assertTrue(preview.contains("shard/orders/7  owner " + owner + " → " + to), preview);
      assertTrue(preview.contains("dry run: nothing applied"), preview);
      assertEquals(owner, json(all, "shards", "get", "orders", "7").at("/shard/owner").asText(), "a dry run applies nothing");

      String moved = ok(all, "shards", "transfer", "orders", "7", "--to", to, "--expected-epoch", "1",
          "--reason", "drain", "--ticket", "OPS-12").out();
      assertTrue(moved.contains("epoch 1 → 2") && moved.contains("applied at revision "), moved);

      Cli.Result stale = meshctl(all, "shards", "transfer", "orders", "7", "--to", owner, "--expected-epoch", "1");
      assertEquals(ExitCodes.REFUSED, stale.exitCode(), stale::toString);
      assertTrue(stale.err().startsWith("Error: ") && stale.err().contains("epoch 2"), stale::toString);
      assertTrue(stale.err().contains("Hint: "), stale::toString);
      assertNoStackTrace(stale);
      assertEquals(to, json(all, "shards", "get", "orders", "7").at("/shard/owner").asText());

      String diff = ok(all, "shards", "diff", "--from", Long.toString(before), "--namespace", "orders").out();
      assertTrue(diff.contains("shard/orders/7  owner " + owner + " → " + to), diff);
      assertTrue(diff.contains("1 shard(s) changed"), diff);

      String audit = ok(all, "audit", "list", "--target", "shard/orders/7").out();
      assertTrue(audit.lines().anyMatch(l -> l.contains("alice  shard.transfer  reason: drain  ticket: OPS-12")),
          audit);
      assertTrue(audit.contains("  shard/orders/7  owner " + owner + " → " + to), audit);

      long now = json(all, "shards", "get", "orders", "7").at("/header/revision").asLong();
      Cli watcher = new Cli(Map.of(), "", ClientFactory.standard());
      CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> watcher.execute(withEndpoints(all,
          "shards", "watch", "--namespace", "orders", "--shards-only", "--from-revision", Long.toString(now + 1),
          "-o", "json")));
      await("the watch to start", () -> watcher.interrupts.armed());
      ok(all, "shards", "status", "orders", "7", "draining", "--expected-epoch", "2");
      await("the status change", () -> watcher.outSoFar().contains("draining"));
      watcher.interrupts.interrupt();
      Cli.Result watched = watch.get(30, TimeUnit.SECONDS);
      assertEquals(0, watched.exitCode(), watched::toString);
      JsonNode line = JSON.readTree(watched.out().lines().filter(l -> l.contains("draining")).findFirst().orElseThrow());
      assertEquals("shard/orders/7", line.get("target").asText());

      Cli.Result busy = meshctl(all, "nodes", "decommission", to);
      assertEquals(ExitCodes.REFUSED, busy.exitCode(), busy::toString);
      assertTrue(busy.err().contains("still holds shards"), busy::toString);
    });
  }
}
