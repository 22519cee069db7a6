package io.meshkit.jepsen.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.RelayAnswer;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.cluster.MeshkitProgram;
import io.meshkit.jepsen.registry.RegistryChecker;
import io.meshkit.jepsen.registry.RegistryResult;
import io.meshkit.jepsen.relay.RelayRevisionCheck;
import io.meshkit.jepsen.report.CheckSection;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.RebalanceMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The relay inside every member (MeshKit only; {@link MeshkitProgram} configures it) under faults.
 * Setup registers the members as the registry's nodes, each with its own admin address as its data
 * endpoint (an HTTP server in every container: the relay forwards {@code GET /healthz} there), and a
 * namespace of {@link #SHARDS} shards with one replica. Client processes, bound to one member's relay
 * each, send {@code GET /healthz} with the namespace and a random shard key as headers and record
 * each answer's status and {@code x-meshkit-route-revision} (the relay's own 502, 503 and 504 carry
 * it too); no answer (refused, timed out) is FAIL. Meanwhile one mover reads a random shard and
 * transfers it to another member at the epoch it read, every {@link #MOVE_EVERY}, failing over to the
 * next member when one does not answer, so that the routing tables keep changing. After the heal,
 * one linearizable read of every shard, and every relay's {@code /control/status} for the report.
 *
 * <p>Checked by {@link RelayRevisionCheck} (per relay, route revisions never go backwards within a
 * process lifetime; after a restart only the last known good table may be older) and by
 * {@link RegistryChecker} over the mover's reads and transfers.
 */
public final class RelayWorkload implements Workload {
  static final int SHARDS = 8;
  /** What the clients ask for: the member admin server's liveness page, 200 when forwarded. */
  static final String PATH = "/healthz";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration MOVE_EVERY = Duration.ofMillis(250);
  /** The mover's first process id, far above the client processes'. */
  private static final int MOVER_PROCESS = 1 << 24;
  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile Map<String, String> nodeByEndpoint = Map.of();
  private volatile List<String> nodes = List.of();
  private volatile boolean moving;
  private volatile List<String> finalStatus = List.of();

  @Override
  public String name() {
    return "relay";
  }

  private static String namespace(WorkloadContext ctx) {
    return ctx.runName();
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    List<Peer> members = ServerPeers.await(ctx);
    Map<String, String> byEndpoint = new HashMap<>();
    Map<String, String> dataEndpoints = new LinkedHashMap<>();
    for (Peer member : members) {
      byEndpoint.put(member.getMetadataMap().get("client"), member.getId());
      dataEndpoints.put(member.getId(), member.getMetadataMap().get("admin"));
    }
    nodeByEndpoint = byEndpoint;
    nodes = List.copyOf(dataEndpoints.keySet());
    // Dry-run rebalancing: the rebalancer never moves these shards, so every change of owner is the
    // mover's, in the history, as the registry checker requires.
    RegistrySetup.create(ctx.endpoints(), CALL_TIMEOUT, dataEndpoints, Namespace.newBuilder()
        .setName(namespace(ctx)).setShardCount(SHARDS).setReplicationFactor(1)
        .setPolicy(NamespacePolicy.newBuilder().setMode(RebalanceMode.REBALANCE_DRY_RUN)).build());
    moving = true;
    Thread mover = new Thread(() -> move(ctx), "relay-shard-mover");
    mover.start();
    try {
      ProcessPool.run(ctx, this::relayClient, (process, client, random) -> get(ctx, process, client, random));
    } finally {
      moving = false;
      mover.join();
    }
  }

  private RelayHttpClient relayClient(String endpoint) {
    String node = nodeByEndpoint.get(endpoint);
    if (node == null) {
      throw new IllegalStateException("no member in gossip has client address " + endpoint + ": " + nodeByEndpoint);
    }
    return new RelayHttpClient(node, MeshkitProgram.onMember(endpoint, MeshkitProgram.RELAY_PORT), CALL_TIMEOUT);
  }

  private static OpType get(WorkloadContext ctx, int process, RelayHttpClient client, Random random)
      throws InterruptedException {
    String key = "k" + random.nextInt(ShardOps.KEYS);
    Op invoke = ctx.recorder().invoke(process, OpFunction.RELAY_GET, client.node(), key);
    try {
      RelayAnswer answer = client.get(PATH, namespace(ctx), key);
      return ctx.recorder().ok(invoke, answer).type();
    } catch (IOException e) {
      return ctx.recorder().fail(invoke, e.toString()).type();
    }
  }

  /**
   * Until the clients stop: read a random shard, or transfer one read before to another member;
   * after a call that did not succeed, the next member.
   */
  private void move(WorkloadContext ctx) {
    Random random = new Random(ctx.seed() * 13 + 5);
    Map<Integer, ShardState> seen = new HashMap<>();
    int process = MOVER_PROCESS;
    for (int attempt = 0; moving; attempt++) {
      String endpoint = ctx.endpoints().get(attempt % ctx.endpoints().size());
      try (RegistryNodeClient client = new RegistryNodeClient(endpoint, CALL_TIMEOUT)) {
        while (moving) {
          int shard = random.nextInt(SHARDS);
          OpType outcome = seen.containsKey(shard)
              ? ShardOps.transfer(ctx, namespace(ctx), process, client, seen,
                  ShardOps.pickTarget(seen.get(shard), nodes, random))
              : ShardOps.read(ctx, namespace(ctx), process, client, seen, shard, false);
          if (outcome == OpType.INFO) {
            process++;
          }
          TimeUnit.MILLISECONDS.sleep(MOVE_EVERY.toMillis());
          if (outcome != OpType.OK) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One linearizable read of every shard; then each relay's status, for the report. */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    ShardOps.readAll(ctx, namespace(ctx), SHARDS, CALL_TIMEOUT);
    List<String> status = new ArrayList<>();
    for (String endpoint : ctx.endpoints()) {
      try (RelayHttpClient client = relayClient(endpoint)) {
        String admin = MeshkitProgram.onMember(endpoint, MeshkitProgram.RELAY_ADMIN_PORT);
        status.add(client.node() + " after the heal: " + client.fetch(admin, "/control/status")
            .map(RelayWorkload::summary).orElse("no status from " + admin));
      }
    }
    finalStatus = status;
  }

  private static String summary(String statusJson) {
    try {
      JsonNode s = JSON.readTree(statusJson);
      return "revision " + s.path("revision").asLong() + ", cluster revision " + s.path("clusterRevision").asLong()
          + ", stale " + s.path("stale").asBoolean() + ", ready " + s.path("ready").asBoolean();
    } catch (IOException e) {
      return "unreadable status: " + statusJson;
    }
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    RelayRevisionCheck.Result relays = new RelayRevisionCheck().check(history);
    RegistryResult moves = new RegistryChecker().check(history);
    String detail = relays.describe() + "\n" + String.join("\n", finalStatus)
        + (relays.detail().isEmpty() ? "" : "\n\n" + relays.detail());
    return List.of(
        new CheckSection("relay: route revisions never go backwards within a relay process; after a restart only "
            + "its last known good table may be older", relays.verdict(), relays.anomalies(), detail),
        new CheckSection("relay workload's shard moves: one owner per epoch, epochs only grow, linearizable answers",
            moves.verdict(), moves.anomalies(), moves.describe()));
  }
}
