package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MemberStatus;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ElectionGrpc;
import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.LeaderRequest;
import io.meshkit.proto.v1.ListRebalancePlansRequest;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.PlanRebalanceRequest;
import io.meshkit.proto.v1.RebalanceGrpc;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanEvent;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.Shard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rebalance controller end to end with real processes: four data nodes (gossip members in this
 * JVM) hold a namespace; one is drained; the plan is made, approved and executed while a reader
 * checks every shard at every read (one owner, first of its replicas, epochs never going back); the
 * process running the controller is killed with SIGKILL mid-plan, and the plan completes under the
 * controller of another member, resumed from its replicated progress. Then the REST mirror and the
 * rollback of the completed plan.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RebalanceIT {
  private static final String NS = "orders";
  private static final String SCOPE = "meshkit/rebalancer";

  @TempDir
  Path dir;


  @Test
  void aDrainPlanCompletesUnderANewControllerAfterTheFirstIsKilledMidPlan() throws Exception {
    List<GossipNode> dataNodes = new ArrayList<>();
    try (ServerProcesses servers = new ServerProcesses(3, dir)) {
      for (int i = 0; i < 3; i++) {
        servers.start(i);
      }
      for (String id : List.of("d1", "d2", "d3", "d4")) {
        GossipNode node = GossipNode.start(GossipConfig.defaults(), ServerProcesses.clusterName(), id, "127.0.0.1:0",
            null, servers.gossipAddresses(), null);
        dataNodes.add(node);
      }
      try (KvStubs stubs = new KvStubs(servers.clientEndpoints());
           MeshkitClient client = MeshkitClient.builder().endpoints(servers.clientEndpoints())
               .callTimeout(Duration.ofSeconds(10)).build()) {
        servers.awaitLeader(stubs, -1);
        Await.until(() -> dataNodes.get(0).members().stream().filter(m -> m.status() == MemberStatus.ALIVE).count() == 7,
            Duration.ofSeconds(60), "data nodes and servers alive in gossip");
        for (String id : List.of("d1", "d2", "d3", "d4")) {
          client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(id)
              .addEndpoints(id + ":8080").setZone("a")).build());
        }
        client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
            .setName(NS).setShardCount(24).setReplicationFactor(2)
            .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
            // Balance plans only far above any initial placement: the controller must not store one of
            // its own before the drain (it evaluates as soon as the shards exist); only the drain plans.
            .setPolicy(NamespacePolicy.newBuilder().setMaxConcurrentMoves(2).setCooldownMs(1000)
                .setImbalanceStart(10).setImbalanceStop(10))).build());
        client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace(NS).build());

        // The namespace's event stream on one member, from before the drain.
        List<String> streamed = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + servers.adminAddress(2)
            + "/meshkit/rebalance-plans/events?namespace=" + NS)).build(), HttpResponse.BodyHandlers.ofLines())
            .thenAccept(response -> response.body().forEach(streamed::add));
        ShardChecker checker = new ShardChecker(client);
        Thread reader = new Thread(checker, "shard-checker");
        reader.start();
        try {
          client.registry().setNodeState(SetNodeStateRequest.newBuilder().setId("d4")
              .setState(NodeState.NODE_DRAINING).build());
          // The controller may have stored a pending plan for the drain already; else the operator does.
          RebalancePlan plan = pendingOrSubmit(client);
          assertTrue(plan.getMovesList().stream().allMatch(m -> m.getFrom().equals("d4")), "every move empties d4");
          int moves = plan.getMovesCount();
          assertTrue(moves >= 6, "d4 held about half of 24 replicas: " + plan.getSummary());
          client.rebalance().approve(RebalancePlanActionRequest.newBuilder().setNamespace(NS).setPlanId(plan.getId())
              .build());

          Await.until(() -> movesDone(client, plan.getId()) >= 2, Duration.ofSeconds(60), "two moves done");
          String controller = ElectionGrpc.newBlockingStub(stubs.channel(0)).withDeadlineAfter(5, TimeUnit.SECONDS)
              .leader(LeaderRequest.newBuilder().setScope(SCOPE).build()).getLeadership().getCandidate();
          int victim = List.of(servers.id(0), servers.id(1), servers.id(2)).indexOf(controller);
          assertTrue(victim >= 0, "the controller is a member: " + controller);
          int doneBefore = movesDone(client, plan.getId());
          assertTrue(doneBefore < moves, "killed mid-plan");
          servers.kill9(victim);

          Await.until(() -> state(client, plan.getId()) == RebalanceState.REBALANCE_COMPLETED, Duration.ofSeconds(120),
              "the plan completes under a new controller");
          RebalancePlan done = client.rebalance().get(GetRebalancePlanRequest.newBuilder().setPlanId(plan.getId())
              .build()).getPlan();
          int survivor = (victim + 1) % 3;
          String successor = ElectionGrpc.newBlockingStub(stubs.channel(survivor))
              .withDeadlineAfter(5, TimeUnit.SECONDS).leader(LeaderRequest.newBuilder().setScope(SCOPE).build())
              .getLeadership().getCandidate();
          assertFalse(successor.equals(controller), "another member's controller finished it");
          assertTrue(done.getMovesList().stream().allMatch(m -> m.getStep() == MoveStep.MOVE_DONE), done.getOutcome());
          for (RebalanceMove m : done.getMovesList()) {
            assertFalse(m.getAfter().getReplicasList().contains("d4"), "shard " + m.getShardId() + " left d4");
            assertTrue(m.getAfter().getReplicasList().contains(m.getTo()), "shard " + m.getShardId() + " is on "
                + m.getTo());
          }
          for (Shard s : shards(client)) {
            assertFalse(s.getReplicasList().contains("d4"), "d4 is empty: shard " + s.getShardId());
          }

          // REST mirror on a surviving member's admin server: the plan in the list; its events end.
          String admin = "http://" + servers.adminAddress(survivor);
          String list = http.send(HttpRequest.newBuilder(URI.create(admin + "/meshkit/rebalance-plans?namespace=" + NS))
              .build(), HttpResponse.BodyHandlers.ofString()).body();
          assertTrue(list.contains("\"id\": \"" + plan.getId() + "\""), list);
          String events = http.send(HttpRequest.newBuilder(URI.create(admin + "/meshkit/rebalance-plans/"
              + plan.getId() + "/events")).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          assertTrue(events.contains("event: plan") && events.contains("event: end"), events);
          String metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + servers.adminAddress(
              List.of(servers.id(0), servers.id(1), servers.id(2)).indexOf(successor)) + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          assertTrue(metrics.contains("meshkit_rebalance_plans_total{outcome=\"completed\"} 1.0"), metrics);
          assertTrue(metrics.contains("meshkit_rebalance_controller_leading 1.0"), "the successor leads");
          if (victim != 2) {
            Await.until(() -> streamed.stream().anyMatch(l -> l.equals("event: namespace"))
                && streamed.stream().anyMatch(l -> l.contains("\"state\":\"REBALANCE_COMPLETED\"")),
                Duration.ofSeconds(10), "the namespace stream saw the plan through: " + streamed);
          }
          stream.cancel(true);

          // Roll it back, and follow it with the gRPC watch until it ends.
          Rollback asked = rollback(client, plan.getId());
          RebalancePlan rollback = asked.plan();
          assertEquals(plan.getId(), rollback.getRollbackOf());
          if (asked.answered()) {
            assertEquals(RebalanceState.REBALANCE_APPROVED, rollback.getState());
          } else {
            // Looked up after a lost answer: the controller may be running it by now; it was stored approved.
            assertTrue(rollback.getApprovedUnixMs() > 0 && rollback.getApprovedUnixMs() == rollback.getCreatedUnixMs(),
                "stored approved: " + rollback);
          }
          Iterator<RebalancePlanEvent> watch = RebalanceGrpc.newBlockingStub(stubs.channel(survivor))
              .withDeadlineAfter(120, TimeUnit.SECONDS).watch(GetRebalancePlanRequest.newBuilder()
                  .setPlanId(rollback.getId()).build());
          RebalancePlan last = null;
          while (watch.hasNext()) {
            last = watch.next().getPlan();
          }
          assertEquals(RebalanceState.REBALANCE_COMPLETED, last.getState(), last.getOutcome());
          for (RebalanceMove m : done.getMovesList()) {
            Shard now = shards(client).get(m.getShardId());
            assertEquals(m.getBefore().getReplicasList().stream().sorted().toList(),
                now.getReplicasList().stream().sorted().toList(), "shard " + m.getShardId() + " is back");
          }
        } finally {
          checker.stop.set(true);
          reader.join(10_000);
        }
        assertTrue(checker.reads.get() > 10, "the checker read while the plans ran: " + checker.reads.get());
        assertEquals(List.of(), checker.violations, "every shard had one valid owner and epochs only grew");
      }
    } finally {
      dataNodes.forEach(GossipNode::close);
    }
  }

  private static RebalancePlan pendingOrSubmit(MeshkitClient client) {
    try {
      return client.rebalance().plan(PlanRebalanceRequest.newBuilder().setNamespace(NS).build()).getPlan();
    } catch (RuntimeException refused) {
      // The controller's periodic evaluation stored one first.
      return client.rebalance().get(GetRebalancePlanRequest.newBuilder().setNamespace(NS).build()).getPlan();
    }
  }

  /**
   * Rolls the plan back. With a member killed the two others may answer slowly under CI load: a rollback
   * whose outcome is unknown (a timeout) is looked up before it is asked for again, never stored twice.
   */
  /** A rollback plan: the server's answer ({@code answered}), or looked up as stored now after a lost answer. */
  private record Rollback(RebalancePlan plan, boolean answered) {}

  private static Rollback rollback(MeshkitClient client, long planId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new Rollback(client.rebalance().rollback(RebalancePlanActionRequest.newBuilder().setNamespace(NS)
            .setPlanId(planId).build()).getPlan(), true);
      } catch (MeshkitClientException e) {
        Optional<RebalancePlan> stored = client.rebalance().list(ListRebalancePlansRequest.newBuilder()
            .setNamespace(NS).build()).getPlansList().stream().filter(p -> p.getRollbackOf() == planId).findFirst();
        if (stored.isPresent()) {
          return new Rollback(stored.get(), false);
        }
        if (attempt == 3 || !e.outcomeUnknown() && !e.isRetriable()) {
          throw e;
        }
      }
    }
  }

  private static int movesDone(MeshkitClient client, long planId) {
    return (int) client.rebalance().get(GetRebalancePlanRequest.newBuilder().setPlanId(planId).build()).getPlan()
        .getMovesList().stream().filter(m -> m.getStep() == MoveStep.MOVE_DONE).count();
  }

  private static RebalanceState state(MeshkitClient client, long planId) {
    return client.rebalance().get(GetRebalancePlanRequest.newBuilder().setPlanId(planId).build()).getPlan()
        .getState();
  }

  private static List<Shard> shards(MeshkitClient client) {
    return client.registry().listShards(ListShardsRequest.newBuilder().setNamespace(NS).build()).getShardsList();
  }

  /** Reads every shard over and over; records any shard without a valid owner or whose epoch went back. */
  private static final class ShardChecker implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger reads = new AtomicInteger();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final MeshkitClient client;
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();

    ShardChecker(MeshkitClient client) {
      this.client = client;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        try {
          for (Shard s : shards(client)) {
            if (s.getOwner().isEmpty() || s.getReplicasCount() == 0 || !s.getReplicas(0).equals(s.getOwner())
                || Set.copyOf(s.getReplicasList()).size() != s.getReplicasCount()) {
              violations.add("shard " + s.getShardId() + " at revision " + s.getModRevision() + ": owner "
                  + s.getOwner() + ", replicas " + s.getReplicasList());
            }
            Long seen = epochs.put(s.getShardId(), s.getEpoch());
            if (seen != null && seen > s.getEpoch()) {
              violations.add("shard " + s.getShardId() + " epoch went back from " + seen + " to " + s.getEpoch());
            }
          }
          reads.incrementAndGet();
          Thread.sleep(20);  // load, not a flood: the cluster must still serve the controller's steps
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException unavailable) {
          // A member was killed: reads fail over; what matters is what every successful read shows.
        }
      }
    }
  }
}
