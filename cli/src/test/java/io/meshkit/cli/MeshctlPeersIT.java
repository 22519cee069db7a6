package io.meshkit.cli;

import static io.meshkit.cli.MeshctlLeadershipIT.withEndpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.server.MiniCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** meshctl peers against three real in-JVM members running gossip with the default timings. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MeshctlPeersIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static Cli.Result ok(List<String> endpoints, String... args) {
    Cli.Result r = new Cli().execute(withEndpoints(endpoints, args));
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  private static JsonNode peers(String endpoint) throws Exception {
    return JSON.readTree(ok(List.of(endpoint), "peers", "list", "-o", "json").out());
  }

  private static String statusOf(JsonNode view, String id) {
    for (JsonNode peer : view.get("peers")) {
      if (peer.get("id").asText().equals(id)) {
        return peer.get("status").asText();
      }
    }
    return "absent";
  }

  private static boolean allAliveWithClientAddresses(JsonNode view) {
    if (view.get("peers").size() != 3) {
      return false;
    }
    for (JsonNode peer : view.get("peers")) {
      if (!peer.get("status").asText().equals("alive") || !peer.at("/metadata/client").isTextual()) {
        return false;
      }
    }
    return true;
  }

  /** Polls {@code condition} every 200 ms; any exception counts as "not yet". */
  private static void await(String what, Duration timeout, Check condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (Exception | AssertionError notYet) {
        // retried until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      Thread.sleep(200);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  @Test
  void listShowsEachMembersViewAndAStoppedMemberTurnsDeadWhileAWatchSeesItGo() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      String n1 = cluster.clientEndpoint(0);
      String n2 = cluster.clientEndpoint(1);
      await("three alive peers with client metadata at n1", Duration.ofSeconds(30),
          () -> allAliveWithClientAddresses(peers(n1)));
      JsonNode view = peers(n1);
      assertEquals("n1", view.get("member_id").asText(), view::toString);
      assertEquals("n1", view.at("/peers/0/id").asText(), "the answering member first: " + view);
      for (int i = 0; i < 3; i++) {
        String id = "n" + (i + 1);
        String client = cluster.clientEndpoint(i);
        assertTrue(view.findValuesAsText("client").contains(client), () -> id + " publishes " + client + ": " + view);
      }
      String text = ok(List.of(n2), "peers", "list").out();
      assertTrue(text.startsWith("view of n2\nID "), text);
      // RTT is "-" until n2 has probed n1 (at most a few protocol periods after the start).
      assertTrue(text.lines().anyMatch(l -> l.matches(
          "n1 +alive +\\d+ +(-|[\\d.]+ms) +- +127\\.0\\.0\\.1:\\d+ +\\d+[smhd].*")), text);

      Cli watcher = new Cli();
      CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> watcher.execute(withEndpoints(
          List.of(n1), "peers", "watch")));
      MeshctlLeadershipIT.await("the watch's first view", () -> watcher.outSoFar().lines().count() >= 4);
      assertTrue(watcher.outSoFar().startsWith("view of n1\nn1  alive  inc "), watcher::outSoFar);

      cluster.stop(2);
      // One probe period, a suspicion of at most 24 periods shortened by the other member's
      // confirmation, and dissemination: 45 s is generous for the defaults (as in MembershipIT).
      await("n3 left at n1 and n2 (a stopping member announces its leave)", Duration.ofSeconds(45),
          () -> statusOf(peers(n1), "n3").equals("left") && statusOf(peers(n2), "n3").equals("left"));
      assertEquals("alive", statusOf(peers(n1), "n2"));
      MeshctlLeadershipIT.await("the watch to see n3 die",
          () -> watcher.outSoFar().lines().anyMatch(l -> l.matches("n3  (alive|suspect) → left  inc \\d+")));
      watcher.interrupts.interrupt();
      Cli.Result watched = watch.get(30, TimeUnit.SECONDS);
      assertEquals(0, watched.exitCode(), watched::toString);
    });
  }
}
