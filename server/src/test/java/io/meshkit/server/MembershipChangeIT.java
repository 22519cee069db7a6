package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.ClusterMember;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListMembersResponse;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.MemberRole;
import io.meshkit.raft.RaftNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes on real members: a cluster of three grows to five (each new member joins as a
 * listener, catches up, is promoted), keeps working with two of five down, refuses a removal that
 * would lose quorum, removes a dead member and the leader, hands leadership over; and a cluster
 * started with five members works like one of three.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MembershipChangeIT {
  @TempDir
  Path dir;

  @Test
  void growsFromThreeToFiveThenShrinksSafely() throws Exception {
    try (MiniCluster cluster = MiniCluster.startWithSpares(3, 2, dir, MiniCluster.Options.defaults())) {
      try {
        grow(cluster);
      } catch (Exception | Error e) {
        System.err.println("MiniCluster state at failure:\n" + cluster.describe());
        throw e;
      }
    }
  }

  private void grow(MiniCluster cluster) throws Exception {
    try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
        .callTimeout(Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 50; i++) {
        client.put("m/" + i, "v" + i);
      }
      ListMembersResponse before = client.members().list();
      assertEquals(List.of("n1", "n2", "n3"), ids(before, MemberRole.VOTER));
      assertTrue(before.getMembersList().stream().allMatch(ClusterMember::getProgressKnown), before::toString);

      // A spare starts to join: it has no configuration and is not ready until added.
      cluster.restart(3);
      assertTrue(AdminHttpServer.notReadyReason(cluster.node(3), 1000).contains("waiting to be added"));

      ListMembersResponse added = client.members().add(member(cluster, 3));
      assertEquals(List.of("n4"), ids(added, MemberRole.LISTENER), added::toString);
      // The listener has the log, and serves linearizable reads (a read index from the leader).
      assertEquals("v49", read(cluster.node(3), "m/49"));
      assertRefused(ErrorCode.ALREADY_EXISTS, () -> client.members().add(member(cluster, 3)));
      assertRefused(ErrorCode.INVALID_ARGUMENT, () -> client.members().add(Member.newBuilder().setId("n9").build()));

      client.members().promote("n4");
      cluster.restart(4);
      client.members().add(member(cluster, 4));
      ListMembersResponse five = client.members().promote("n5");
      assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), ids(five, MemberRole.VOTER), five::toString);
      assertRefused(ErrorCode.FAILED_PRECONDITION, () -> client.members().promote("n5"));
      assertRefused(ErrorCode.NOT_FOUND, () -> client.members().remove("n9"));
      // Every member now knows all five, with addresses, from the replicated configuration.
      awaitMembers(cluster, 4, l -> ids(l, MemberRole.VOTER).size() == 5);
      assertEquals(cluster.clientEndpoint(4), client.members().list().getMembersList().stream()
          .filter(m -> m.getMember().getId().equals("n5")).findFirst().orElseThrow().getMember().getClientAddress());

      // Two of five down: writes and linearizable reads go on.
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      List<Integer> down = List.of(0, 1, 2).stream().filter(i -> i != leader).limit(2).toList();
      down.forEach(cluster::stop);
      client.put("m/after-two-down", "yes");
      assertEquals("yes", client.get("m/after-two-down").orElseThrow().getValue().toStringUtf8());

      // Once the leader sees them unreachable, removing a live voter would leave 2 of 4 reachable: refused.
      int leaderNow = cluster.awaitLeader(Duration.ofSeconds(30));
      awaitMembers(cluster, leaderNow, l -> l.getMembersList().stream().filter(m -> !m.getProblem().isEmpty())
          .count() == 2);
      String liveFollower = "n" + (List.of(3, 4).stream().filter(i -> i != leaderNow).findFirst().orElseThrow() + 1);
      MeshkitClientException refused = assertThrows(MeshkitClientException.class,
          () -> client.members().remove(liveFollower));
      assertEquals(ErrorCode.FAILED_PRECONDITION, refused.code(), refused::toString);
      assertTrue(refused.getMessage().contains("quorum"), refused::getMessage);

      // Removing a dead member is safe (3 of 4 reachable).
      String dead = "n" + (down.get(0) + 1);
      ListMembersResponse four = client.members().remove(dead);
      assertEquals(4, ids(four, MemberRole.VOTER).size(), four::toString);
      assertTrue(ids(four, MemberRole.VOTER).stream().noneMatch(dead::equals));

      // Leadership moves on request, to the named voter.
      String target = "n" + (List.of(3, 4).stream().filter(i -> i != leaderNow).findFirst().orElseThrow() + 1);
      String leaderId = "n" + (leaderNow + 1);
      if (!leaderId.equals(target)) {
        assertEquals(target, client.members().transferLeadership(target).getLeaderId());
        awaitMembers(cluster, leaderNow, l -> l.getLeaderId().equals(target));
      }

      // Removing the leader hands leadership over first; the cluster keeps taking writes.
      int current = cluster.awaitLeader(Duration.ofSeconds(30));
      String currentId = "n" + (current + 1);
      ListMembersResponse three = client.members().remove(currentId);
      assertTrue(ids(three, MemberRole.VOTER).stream().noneMatch(currentId::equals), three::toString);
      client.put("m/after-leader-removed", "yes");
      assertEquals("yes", client.get("m/after-leader-removed").orElseThrow().getValue().toStringUtf8());
      // The removed member stops being ready: it sees the configuration without itself, or, if the
      // leader stopped sending before that entry reached it, its peers turn away its elections.
      RaftNode removed = cluster.node(current);
      Await.until(() -> AdminHttpServer.notReadyReason(removed, 1000) != null, Duration.ofSeconds(60),
          "the removed member to report itself not ready");
    }
  }

  @Test
  void fiveMembersWorkLikeThree() throws Exception {
    MiniCluster.run(5, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
          .callTimeout(Duration.ofSeconds(30)).build()) {
        client.put("f/0", "a");
        assertEquals(5, ids(client.members().list(), MemberRole.VOTER).size());
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        // Any two down, the leader among them: a new leader, writes and reads go on.
        cluster.stop(leader);
        cluster.stop((leader + 1) % 5);
        client.put("f/1", "b");
        assertEquals("b", client.get("f/1").orElseThrow().getValue().toStringUtf8());
        // A third down: no quorum, a write fails instead of being acknowledged.
        int survivorLeader = cluster.awaitLeader(Duration.ofSeconds(30));
        cluster.stop(survivorLeader);
        try (MeshkitClient impatient = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
            .callTimeout(Duration.ofSeconds(8)).build()) {
          assertThrows(MeshkitClientException.class, () -> impatient.put("f/2", "c"));
        }
        // One back: quorum again, and everything acknowledged is there.
        cluster.restart(leader);
        client.put("f/3", "d");
        for (String key : List.of("f/0", "f/1", "f/3")) {
          assertTrue(client.get(key).isPresent(), key);
        }
      }
    });
  }

  private static Member member(MiniCluster cluster, int i) {
    return Member.newBuilder().setId("n" + (i + 1)).setRaftAddress(cluster.raftEndpoint(i))
        .setClientAddress(cluster.clientEndpoint(i)).setAdminAddress(cluster.adminEndpoint(i)).build();
  }

  private static List<String> ids(ListMembersResponse list, MemberRole role) {
    return list.getMembersList().stream().filter(m -> m.getRole() == role).map(m -> m.getMember().getId())
        .sorted().toList();
  }

  private static String read(RaftNode node, String key) {
    return node.read(RaftNode.Consistency.LINEARIZABLE, view -> view.get(io.meshkit.raft.Table.KV,
        key.getBytes(java.nio.charset.StandardCharsets.UTF_8))).orTimeout(20, TimeUnit.SECONDS).join()
        .map(bytes -> {
          try {
            return io.meshkit.proto.internal.v1.StoredKv.parseFrom(bytes).getValue().toStringUtf8();
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
          }
        }).orElse(null);
  }

  /** Polls member {@code i}'s listing until {@code done}. */
  private static void awaitMembers(MiniCluster cluster, int i, Predicate<ListMembersResponse> done) throws Exception {
    try (MeshkitClient one = MeshkitClient.builder().endpoints(List.of(cluster.clientEndpoint(i))).build()) {
      Await.until(() -> {
        try {
          return done.test(one.members().list());
        } catch (MeshkitClientException e) {
          return false;
        }
      }, Duration.ofSeconds(60), "member " + i + "'s listing to change\n" + cluster.describe());
    }
  }

  private static void assertRefused(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
    MeshkitClientException e = assertThrows(MeshkitClientException.class, call);
    assertEquals(code, e.code(), e::toString);
  }
}
