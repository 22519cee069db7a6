package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone relay from its YAML config: routes a path-prefixed request by its path segment, reports
 * ready and its routes, metrics, status and backpressure; restarted with the cluster gone it serves the last known good
 * table and is not ready. Bad configs are refused naming the field.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RelayProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private RelayConfig.Resolved config(String yaml) throws Exception {
    Path file = dir.resolve("relay-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, Map.of(), RelayConfig.class).validate();
  }

  /**
   * {@code /control/status} and {@code /control/backpressure} have the shape of the samples meshctl's
   * tests serve (same fields, same JSON types) and the values of a ready relay that relayed one request.
   */
  private static void assertStatusAndBackpressure(HttpClient http, String adminUrl, String backend) throws Exception {
    JsonNode status = JSON.readTree(get(http, adminUrl + "/control/status").body());
    assertEquals(shape(sample("relay-admin-status.json")), shape(status), status::toString);
    assertTrue(status.get("ready").asBoolean() && !status.get("stale").asBoolean(), status::toString);
    long revision = status.get("revision").asLong();
    assertTrue(revision > 0 && status.get("lag").asLong() >= 0, status::toString);
    assertEquals(status.get("clusterRevision").asLong() - revision, status.get("lag").asLong(), status::toString);
    assertEquals(List.of(1, 4, 1), List.of(status.get("namespaces").asInt(), status.get("shards").asInt(),
        status.get("nodes").asInt()), status::toString);
    JsonNode backpressure = JSON.readTree(get(http, adminUrl + "/control/backpressure").body());
    assertEquals(shape(sample("relay-admin-backpressure.json")), shape(backpressure), backpressure::toString);
    JsonNode only = backpressure.get("backends").get(0);
    assertEquals(List.of(1, backend, 64), List.of(backpressure.get("backends").size(), only.get("endpoint").asText(),
        only.get("limit").asInt()), backpressure::toString);
    assertEquals(0, backpressure.get("rejected").asLong(), backpressure::toString);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/control/status"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode(), post.body());
  }

  private static JsonNode sample(String name) throws Exception {
    try (var in = RelayProcessIT.class.getResourceAsStream(name)) {
      return JSON.readTree(in);
    }
  }

  /** Field names and JSON types, nested; an array by its first element. */
  private static String shape(JsonNode node) {
    if (node.isObject()) {
      Map<String, String> fields = new TreeMap<>();
      node.fields().forEachRemaining(f -> fields.put(f.getKey(), shape(f.getValue())));
      return fields.toString();
    }
    return node.isArray() ? "[" + (node.isEmpty() ? "" : shape(node.get(0))) + "]" : node.getNodeType().name();
  }

  @Test
  void aRelayFromItsConfigRoutesReportsAndOutlivesTheCluster() throws Exception {
    HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.createContext("/", ex -> {
      byte[] body = ("backend saw " + ex.getRequestURI().getPath()).getBytes();
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    backend.start();
    List<Integer> ports = FreePorts.distinct(2);
    String yaml = """
        listen: 127.0.0.1:%d
        admin: 127.0.0.1:%d
        endpoints: %s
        dataDir: %s
        routes:
          - {namespace: users, pathPrefix: /users}
        keyPathSegment: 0
        """;
    HttpClient http = HttpClient.newHttpClient();
    String relayUrl = "http://127.0.0.1:" + ports.get(0);
    String adminUrl = "http://127.0.0.1:" + ports.get(1);
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("b1")
          .addEndpoints("127.0.0.1:" + backend.getAddress().getPort())).build());
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName("users").setShardCount(4).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("users").build());
      String endpoints = "[" + String.join(", ", cluster.clientEndpoints()) + "]";
      try (RelayProcess relay = RelayProcess.start(config(yaml.formatted(ports.get(0), ports.get(1), endpoints,
          dir.resolve("relay-data"))))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (get(http, adminUrl + "/readyz").statusCode() != 200) {
          assertTrue(System.nanoTime() < deadline, "the relay became ready");
          Thread.sleep(100);
        }
        HttpResponse<String> routed = get(http, relayUrl + "/users/alice/profile");
        assertEquals(200, routed.statusCode(), routed.body());
        assertEquals("backend saw /users/alice/profile", routed.body());
        assertTrue(routed.headers().firstValue("x-meshkit-shard").orElse("").startsWith("users/"));
        String routes = get(http, adminUrl + "/control/routes").body();
        assertTrue(routes.contains("\"users\"") && routes.contains("\"b1\""), routes);
        String metrics = get(http, adminUrl + "/metrics").body();
        assertTrue(metrics.contains("meshkit_relay_requests_total{backend=\"127.0.0.1:"
            + backend.getAddress().getPort() + "\",code=\"200\",namespace=\"users\"} 1.0"), metrics);
        assertTrue(metrics.contains("meshkit_relay_route_stale 0.0"), metrics);
        assertStatusAndBackpressure(http, adminUrl, "127.0.0.1:" + backend.getAddress().getPort());
      }
    }
    // The cluster is gone: the relay restarts from its last known good table, routes, and is not ready.
    try (RelayProcess relay = RelayProcess.start(config(yaml.formatted(ports.get(0), ports.get(1),
        "[127.0.0.1:1]", dir.resolve("relay-data"))))) {
      HttpResponse<String> routed = get(http, relayUrl + "/users/bob");
      assertEquals(200, routed.statusCode(), routed.body());
      HttpResponse<String> ready = get(http, adminUrl + "/readyz");
      assertEquals(503, ready.statusCode());
      assertTrue(ready.body().contains("stale"), ready.body());
    } finally {
      backend.stop(0);
    }
    ConfigException noRoutes = assertThrows(ConfigException.class, () -> config("endpoints: [127.0.0.1:7001]\n"));
    assertTrue(noRoutes.getMessage().startsWith("routes is missing"), noRoutes.getMessage());
    ConfigException twoWays = assertThrows(ConfigException.class, () -> config(
        "endpoints: [127.0.0.1:7001]\nroutes:\n  - {namespace: a, host: h, pathPrefix: /a}\n"));
    assertTrue(twoWays.getMessage().contains("routes[0] names 2 ways"), twoWays.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> config(
        "endpoints: [127.0.0.1:7001]\nroutes: [{header: x}]\nlisten_port: 9\n"));
    assertTrue(unknown.getMessage().contains("unknown config field 'listen_port'"), unknown.getMessage());
  }
}
