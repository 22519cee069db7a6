package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static io.meshkit.cli.MeshctlLeadershipIT.withEndpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.RegistryWatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.server.MiniCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * meshctl clusters against three real in-JVM members: register a primary and a standby, a second
 * primary refused, list, get, update at a version, audit; the descriptors in the registry's snapshot
 * and watch, where clients and relays read them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MeshctlClustersIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static Cli.Result meshctl(List<String> endpoints, String... args) {
    return new Cli(Map.of("USER", "alice"), "", ClientFactory.standard()).execute(withEndpoints(endpoints, args));
  }

  private static Cli.Result ok(List<String> endpoints, String... args) {
    Cli.Result r = meshctl(endpoints, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  private static JsonNode json(List<String> endpoints, String... args) throws Exception {
    return JSON.readTree(ok(endpoints, Stream.concat(Arrays.stream(args), Stream.of("-o", "json"))
        .toArray(String[]::new)).out());
  }

  @Test
  void registerListGetUpdateAndTheRegistrySeesThem() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      try (MeshkitClient client = MeshkitClient.builder().endpoints(all).build()) {
        LinkedBlockingQueue<RegistryEvent> events = new LinkedBlockingQueue<>();
        // From the revision after now, named: a watch "from now" (start 0) would begin when the member gets
        // it, and the first registration below may come first.
        long now = client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance()).getHeader().getRevision();
        WatchSubscription watch = client.registry().watch(RegistryWatchRequest.newBuilder()
            .setStartRevision(now + 1).build(),
            new RegistryWatchHandler() {
              @Override
              public void onEvents(long revision, List<RegistryEvent> batch) {
                events.addAll(batch);
              }

              @Override
              public void onFailed(io.meshkit.client.MeshkitClientException error) {
                events.add(RegistryEvent.getDefaultInstance());
              }
            });
        String registered = ok(all, "clusters", "register", "eu", "--role", "primary", "--region", "eu-west-1",
            "--zone", "eu-west-1a", "--grpc-endpoint", "10.0.0.1:7001", "--reason", "federate").out();
        assertTrue(registered.contains("cluster/eu  created: role primary, state active, epoch 1"), registered);
        ok(all, "clusters", "register", "us", "--role", "standby", "--priority", "10", "--grpc-endpoint",
            "10.1.0.1:7001");
        Cli.Result second = meshctl(all, "clusters", "register", "ap", "--role", "primary");
        assertEquals(1, second.exitCode(), second::toString);
        assertTrue(second.err().contains("eu is already the primary"), second::toString);
        assertNoStackTrace(second);
        Cli.Result badRole = meshctl(all, "clusters", "register", "ap", "--role", "leader");
        assertEquals(2, badRole.exitCode(), badRole::toString);

        JsonNode list = json(all, "clusters", "list");
        assertEquals(List.of("eu", "us"), List.of(list.at("/clusters/0/id").asText(), list.at("/clusters/1/id")
            .asText()), list::toString);
        assertEquals("standby", list.at("/clusters/1/role").asText());
        assertTrue(ok(all, "clusters", "list").out().lines().anyMatch(l -> l.matches("us +standby +active +0 +10 .*")));
        assertEquals(1, json(all, "clusters", "get", "eu").at("/cluster/epoch").asLong());

        String updated = ok(all, "clusters", "update", "us", "--priority", "20", "--relay-endpoint", "10.1.0.9:8080")
            .out();
        assertTrue(updated.contains("priority 10 → 20"), updated);
        JsonNode us = json(all, "clusters", "get", "us").get("cluster");
        assertEquals(List.of(20, 2, "10.1.0.9:8080"), List.of(us.get("priority").asInt(), us.get("version").asInt(),
            us.at("/relay_endpoints/0").asText()), us::toString);
        Cli.Result conflict = meshctl(all, "clusters", "update", "us", "--priority", "30", "--expected-version", "1");
        assertEquals(1, conflict.exitCode(), conflict::toString);
        assertTrue(conflict.err().contains("version 2, not 1"), conflict::toString);
        Cli.Result missing = meshctl(all, "clusters", "get", "nowhere");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("cluster nowhere is not registered"), missing::toString);

        String audit = ok(all, "audit", "list", "--target", "cluster/").out();
        assertTrue(audit.contains("cluster.register") && audit.contains("cluster.update"), audit);

        assertEquals(List.of("eu", "us"), client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance())
            .getClustersList().stream().map(c -> c.getId()).toList(), "clients and relays see them in the snapshot");
        List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 3 && System.nanoTime() < deadline) {
          RegistryEvent e = events.poll(100, TimeUnit.MILLISECONDS);
          if (e != null && e.getObject().hasCluster()) {
            seen.add(e.getObject().getCluster().getId() + "@" + e.getObject().getCluster().getVersion());
          }
        }
        assertEquals(List.of("eu@1", "us@1", "us@2"), seen, "and in the registry watch");
        watch.close();

        // The same over REST on a member's admin port.
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String admin = "http://" + cluster.adminEndpoint(1) + "/control/clusters";
        JsonNode listed = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(2, listed.get("clusters").size(), listed::toString);
        java.net.http.HttpResponse<String> preview = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(admin + "?dry_run=true")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"cluster\":{\"id\":\"ap\",\"role\":\"CLUSTER_OBSERVER\"}}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("\"dryRun\": true") || preview.body().contains("\"dry_run\": true"),
            preview.body());
        assertEquals(404, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/ap")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode(), "a dry run registers nothing");
      }
    });
  }
}
