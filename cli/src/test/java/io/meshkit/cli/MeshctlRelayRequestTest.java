package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the relay commands print for a relay admin's answers, against an in-process HTTP server. Status
 * and backpressure are the samples the server's RelayProcessIT holds a running relay's answers to (same
 * fields, same types); routes are a snapshot printed as the relay's admin prints it.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MeshctlRelayRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final RegistrySnapshotResponse ROUTES;

  static {
    RegistrySnapshotResponse.Builder b = RegistrySnapshotResponse.newBuilder();
    b.getHeaderBuilder().setRevision(42);
    b.addNamespaces(Namespace.newBuilder().setName("orders").setShardCount(1))
        .addNamespaces(Namespace.newBuilder().setName("users").setShardCount(2))
        .addShards(shard("orders", 0, "b3", 1))
        .addShards(shard("users", 0, "b1", 3).addReplicas("b2"))
        .addShards(shard("users", 1, "b2", 1))
        .addNodes(Node.newBuilder().setId("b1").addEndpoints("127.0.0.1:9001"))
        .addNodes(Node.newBuilder().setId("b2").addEndpoints("127.0.0.1:9002").addEndpoints("127.0.0.1:9102"))
        .addNodes(Node.newBuilder().setId("b3"));
    ROUTES = b.build();
  }

  private HttpServer relay;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

  private static Shard.Builder shard(String namespace, int id, String owner, long epoch) {
    return Shard.newBuilder().setNamespace(namespace).setShardId(id).setOwner(owner).addReplicas(owner)
        .setEpoch(epoch).setStatus(ShardStatus.SHARD_ACTIVE);
  }

  private static String sample(String name) throws Exception {
    try (InputStream in = io.meshkit.server.MiniCluster.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void start() throws Exception {
    answers.put("/control/status", sample("relay-admin-status.json"));
    answers.put("/control/backpressure", sample("relay-admin-backpressure.json"));
    answers.put("/control/routes", JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields()
        .print(ROUTES));
    relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    relay.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      byte[] body = answers.getOrDefault(path, "{\"code\": \"NOT_FOUND\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(statuses.getOrDefault(path, answers.containsKey(path) ? 200 : 404), body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    relay.start();
  }

  @AfterEach
  void stop() {
    relay.stop(0);
  }

  private String address() {
    return "127.0.0.1:" + relay.getAddress().getPort();
  }

  private Cli.Result run(String... args) {
    return new Cli(Map.of(RelayAdminCommand.RELAY_ENV, address()), "", ClientFactory.standard()).execute(args);
  }

  /** Runs the command, which must exit 0. */
  private Cli.Result ok(String... args) {
    Cli.Result r = run(args);
    assertEquals(0, r.exitCode(), r::toString);
    return r;
  }

  private void setStale() throws Exception {
    ObjectNode status = (ObjectNode) JSON.readTree(answers.get("/control/status"));
    answers.put("/control/status", status.put("ready", false).put("stale", true).toString());
  }

  @Test
  void statusShowsReadinessLagAndTheLoadOfEachBackend() {
    Cli.Result r = ok("relay", "status");
    assertEquals("relay " + address() + ": ready\n"
        + "FIELD             VALUE\n"
        + "routing           following the cluster\n"
        + "cluster           eu (epoch 2)\n"
        + "revision          42\n"
        + "cluster revision  45\n"
        + "lag               3 revision(s)\n"
        + "namespaces        2\n"
        + "shards            12\n"
        + "nodes             3\n"
        + "in flight         4\n"
        + "queued            1\n"
        + "rejected          7 (queue full, since the start)\n"
        + "uptime            1h2m\n"
        + "\n"
        + "BACKEND         IN FLIGHT  QUEUED  LIMIT  REJECTED\n"
        + "127.0.0.1:9001  3          1       64     7\n"
        + "127.0.0.1:9002  1          0       64     0\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void statusJsonHoldsBothAnswersWithMeshctlsFieldNames() throws Exception {
    Cli.Result r = ok("relay", "status", "-o", "json");
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(address(), doc.get("relay").asText());
    assertEquals(45, doc.at("/status/cluster_revision").asLong(), r.out());
    assertEquals("eu", doc.at("/status/cluster").asText(), r.out());
    assertEquals(2, doc.at("/status/epoch").asLong(), r.out());
    assertEquals(3, doc.at("/status/lag").asLong(), r.out());
    assertEquals(3725, doc.at("/status/uptime_seconds").asLong(), r.out());
    assertEquals(7, doc.at("/backpressure/rejected").asLong(), r.out());
    assertEquals("127.0.0.1:9001", doc.at("/backpressure/backends/0/endpoint").asText(), r.out());
    assertEquals(3, doc.at("/backpressure/backends/0/in_flight").asInt(), r.out());
    assertEquals(64, doc.at("/backpressure/backends/1/limit").asInt(), r.out());
  }

  @Test
  void aStaleRelayIsNotReadyAndExitsOne() throws Exception {
    setStale();
    Cli.Result r = run("relay", "status");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("relay " + address() + ": NOT READY\n"), r::toString);
    assertTrue(r.out().contains("routing           " + RelayText.STALE), r::toString);
    assertEquals(ExitCodes.REFUSED, run("relay", "status", "-o", "json").exitCode());
  }

  @Test
  void routesListEachShardWithItsOwnersEndpoint() throws Exception {
    Cli.Result r = ok("relay", "routes");
    assertEquals("routes of relay " + address() + " at revision 42, following the cluster\n"
        + "NAMESPACE  SHARD  OWNER  OWNER ENDPOINT  EPOCH  REPLICAS  STATUS\n"
        + "orders     0      b3     -               1      b3        active\n"
        + "users      0      b1     127.0.0.1:9001  3      b1,b2     active\n"
        + "users      1      b2     127.0.0.1:9002  1      b2        active\n", r.out());
    setStale();
    Cli.Result users = ok("relay", "routes", "--namespace", "users");
    assertEquals("routes of relay " + address() + " at revision 42, " + RelayText.STALE + "\n"
        + "NAMESPACE  SHARD  OWNER  OWNER ENDPOINT  EPOCH  REPLICAS  STATUS\n"
        + "users      0      b1     127.0.0.1:9001  3      b1,b2     active\n"
        + "users      1      b2     127.0.0.1:9002  1      b2        active\n", users.out());
  }

  @Test
  void routesJsonIsTheTableWithItsRevisionAndStaleness() throws Exception {
    Cli.Result r = ok("relay", "routes", "--namespace", "users", "-o", "json");
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(42, doc.get("revision").asLong());
    assertTrue(doc.has("stale") && !doc.get("stale").asBoolean(), r.out());
    assertEquals(2, doc.get("routes").size(), r.out());
    JsonNode first = doc.at("/routes/0");
    assertEquals("{\"namespace\":\"users\",\"shard_id\":0,\"owner\":\"b1\",\"owner_endpoint\":\"127.0.0.1:9001\","
        + "\"epoch\":3,\"replicas\":[\"b1\",\"b2\"],\"status\":\"active\"}", first.toString());
    JsonNode orders = JSON.readTree(run("relay", "routes", "--namespace", "orders", "-o", "json").out());
    assertTrue(orders.at("/routes/0").has("owner") && !orders.at("/routes/0").has("owner_endpoint"), orders::toString);
  }

  @Test
  void aNamespaceTheTableDoesNotHaveIsNamedWithTheOnesItHas() {
    Cli.Result r = run("relay", "routes", "--namespace", "payments");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: the relay's routing table (revision 42) has no namespace 'payments'\n"
        + "Hint: it has orders, users; a namespace created since reaches it through its watch "
        + "('meshctl relay status' shows the lag)\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void aRelayThatCannotBeReachedIsExitThreeWithWhatToCheck() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    for (String command : new String[] {"status", "routes"}) {
      Cli.Result r = run("relay", command, "--relay", "127.0.0.1:" + closed);
      assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r::toString);
      assertEquals("Error: cannot reach the relay admin at 127.0.0.1:" + closed + ": connection refused\n"
          + "Hint: is `bin/meshkit relay` running, and is --relay (or $MESHKIT_RELAY) its admin address "
          + "(`admin:` in its relay.yaml)?\n", r.err());
      assertNoStackTrace(r);
    }
  }

  @Test
  void anAddressThatIsNotARelaysAdminSaysSo() {
    answers.remove("/control/status");
    Cli.Result r = run("relay", "status");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: the relay admin at " + address() + " answered HTTP 404 to GET /control/status: "
        + "{\"code\": \"NOT_FOUND\"}\nHint: " + RelayAdminClient.NOT_A_RELAY_HINT + "\n", r.err());
    answers.put("/control/status", "<html>hello</html>");
    Cli.Result html = run("relay", "status");
    assertEquals(ExitCodes.REFUSED, html.exitCode(), html::toString);
    assertTrue(html.err().startsWith("Error: the answer of " + address() + " to GET /control/status is not the "
        + "relay's JSON: "), html::toString);
    assertNoStackTrace(html);
  }

  @Test
  void theRelayAddressComesFromTheOptionThenTheEnvironment() {
    Cli.Result bad = new Cli(Map.of(RelayAdminCommand.RELAY_ENV, "http://x:1"), "", ClientFactory.standard())
        .execute("relay", "status");
    assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
    assertTrue(bad.err().startsWith("Error: $MESHKIT_RELAY: invalid endpoint 'http://x:1'"), bad::toString);
    Cli.Result option = new Cli(Map.of(RelayAdminCommand.RELAY_ENV, "http://x:1"), "", ClientFactory.standard())
        .execute("relay", "status", "--relay", address());
    assertEquals(0, option.exitCode(), option::toString);
    Cli.Result badOption = run("relay", "routes", "--relay", "relay");
    assertEquals(ExitCodes.USAGE, badOption.exitCode(), badOption::toString);
    assertTrue(badOption.err().startsWith("Error: --relay: invalid endpoint 'relay'"), badOption::toString);
  }
}
