package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshkit.server.MiniCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** meshctl end to end against three real in-JVM members, as an operator would run it. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MeshctlClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REVISION = Pattern.compile("OK \\(revision (\\d+)\\)\n");

  @TempDir
  Path dir;

  /** Runs meshctl with {@code --endpoints} set to {@code endpoints}. */
  private static Cli.Result meshctl(List<String> endpoints, String... args) {
    return new Cli().execute(withEndpoints(endpoints, args));
  }

  private static String[] withEndpoints(List<String> endpoints, String... args) {
    return Stream.concat(Stream.of("--endpoints", String.join(",", endpoints)), Arrays.stream(args))
        .toArray(String[]::new);
  }

  /** Runs meshctl and asserts exit 0. */
  private static Cli.Result ok(List<String> endpoints, String... args) {
    Cli.Result r = meshctl(endpoints, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  private static long revisionOf(Cli.Result put) {
    Matcher m = REVISION.matcher(put.out());
    assertTrue(m.lookingAt(), put::toString);
    return Long.parseLong(m.group(1));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void memberListLeaderTransferAndRefusedChanges() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      JsonNode members = JSON.readTree(ok(all, "member", "list", "-o", "json").out());
      assertEquals(3, members.get("members").size(), members::toString);
      String leader = members.get("leader").asText();
      for (JsonNode m : members.get("members")) {
        assertEquals("voter", m.get("role").asText(), m::toString);
        assertTrue(m.get("client_address").asText().startsWith("127.0.0.1:"), m::toString);
      }
      Cli.Result table = ok(all, "member", "list");
      assertTrue(table.out().contains("ROLE") && table.out().contains("caught up"), table::toString);

      String target = leader.equals("n1") ? "n2" : "n1";
      JsonNode moved = JSON.readTree(ok(all, "leader", "transfer", "--to", target, "-o", "json").out());
      assertEquals(target, moved.get("leader").asText(), moved::toString);
      assertEquals(leader, moved.get("previous_leader").asText(), moved::toString);

      Cli.Result unknown = meshctl(all, "member", "remove", "n9");
      assertEquals(1, unknown.exitCode(), unknown::toString);
      assertTrue(unknown.err().contains("no member n9"), unknown::toString);
      assertNoStackTrace(unknown);
      Cli.Result voter = meshctl(all, "member", "promote", "n2");
      assertEquals(1, voter.exitCode(), voter::toString);
      assertTrue(voter.err().contains("already a voter"), voter::toString);
      Cli.Result missing = meshctl(all, "member", "add", "n4", "--raft-address", "127.0.0.1:1");
      assertEquals(2, missing.exitCode(), missing::toString);
    });
  }

  @Test
  void putThenGetAsJsonThroughEachSingleMember() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      for (int i = 0; i < 3; i++) {
        List<String> member = List.of(cluster.clientEndpoint(i));
        long revision = revisionOf(ok(member, "kv", "put", "greeting", "hello " + i));
        JsonNode got = JSON.readTree(ok(member, "kv", "get", "greeting", "-o", "json").out());
        assertEquals("n" + (i + 1), got.at("/header/member_id").asText());
        assertTrue(got.at("/header/revision").asLong() >= revision, got::toString);
        assertEquals(1, got.get("kvs").size(), got::toString);
        assertEquals("greeting", got.at("/kvs/0/key").asText());
        assertEquals("hello " + i, got.at("/kvs/0/value").asText());
        assertEquals(revision, got.at("/kvs/0/mod_revision").asLong());
        assertEquals(i + 1, got.at("/kvs/0/version").asLong());
        assertEquals(1, got.get("count").asLong());
      }
      Cli.Result missing = ok(cluster.clientEndpoints(), "kv", "get", "absent");
      assertEquals("", missing.out(), "no key found prints nothing and exits 0");
      assertEquals(0, JSON.readTree(ok(cluster.clientEndpoints(), "kv", "get", "absent", "-o", "json").out())
          .get("kvs").size());
    });
  }

  @Test
  void prefixGetAndDeleteWithPreviousValues() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      ok(all, "kv", "put", "app/a", "1");
      ok(all, "kv", "put", "app/b", "2");
      ok(all, "kv", "put", "apq", "not in app/");
      assertEquals("app/a\napp/b\n", ok(all, "kv", "get", "app/", "--prefix", "--keys-only").out());
      assertEquals("app/a\n1\napp/b\n2\n", ok(all, "kv", "get", "app/", "--prefix").out());
      assertEquals("2\n", ok(all, "kv", "get", "app/", "--prefix", "--count-only").out());
      JsonNode limited = JSON.readTree(ok(all, "kv", "get", "app/", "--prefix", "--limit", "1", "-o", "json").out());
      assertEquals(1, limited.get("kvs").size());
      assertTrue(limited.get("more").asBoolean(), limited::toString);
      assertEquals("2\napp/a\n1\napp/b\n2\n", ok(all, "kv", "del", "app/", "--prefix", "--prev-kv").out());
      assertEquals("", ok(all, "kv", "get", "app/", "--prefix").out());
      assertEquals("apq\nnot in app/\n", ok(all, "kv", "get", "apq").out());
    });
  }

  @Test
  void compareAndSetTakesTheThenBranchOnceAndTheElseBranchAfter() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      ok(all, "kv", "put", "greeting", "hello");
      String[] cas = {"kv", "txn", "--compare", "value(greeting) = hello", "--then", "put greeting bonjour",
          "--else", "get greeting"};
      Cli.Result first = ok(all, cas);
      assertEquals("SUCCEEDED\nOK\n", first.out());
      Cli.Result second = ok(all, cas);
      assertEquals("FAILED\ngreeting\nbonjour\n", second.out());
      assertEquals("greeting\nbonjour\n", ok(all, "kv", "get", "greeting").out());

      Cli.Result create = ok(all, "kv", "txn", "--compare", "create(lock) = 0", "--then", "put lock 'held by me'",
          "-o", "json");
      JsonNode doc = JSON.readTree(create.out());
      assertTrue(doc.get("succeeded").asBoolean(), doc::toString);
      assertTrue(doc.at("/responses/0/put/prev_kv").isMissingNode(), doc::toString);
      assertEquals("lock\nheld by me\n", ok(all, "kv", "get", "lock").out());
    });
  }

  @Test
  void clusterStatusAndHealthShowThreeMembersAndOneLeader() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      Cli.Result status = ok(List.of(cluster.clientEndpoint(2)), "cluster", "status");
      String[] lines = status.out().split("\n");
      assertEquals(4, lines.length, status::toString);
      assertTrue(lines[0].startsWith("ID"), status::toString);
      List<String> roles = Arrays.stream(lines).skip(1).map(l -> l.split(" +")[2]).sorted().toList();
      assertEquals(List.of("FOLLOWER", "FOLLOWER", "LEADER"), roles, status::toString);
      assertEquals(1, Arrays.stream(lines).skip(1).filter(l -> l.matches(".* \\* .*")).count(), status::toString);
      for (int i = 0; i < 3; i++) {
        assertTrue(status.out().contains(cluster.clientEndpoint(i)), status::toString);
      }

      JsonNode doc = JSON.readTree(ok(cluster.clientEndpoints(), "cluster", "status", "-o", "json").out());
      assertTrue(doc.get("all_reachable").asBoolean());
      assertEquals(3, doc.get("members").size());
      List<String> leaders = new ArrayList<>();
      doc.get("members").forEach(m -> {
        if (m.get("is_leader").asBoolean()) {
          leaders.add(m.get("id").asText());
        }
      });
      assertEquals(1, leaders.size(), doc::toString);
      doc.get("members").forEach(m -> assertEquals(leaders.get(0), m.get("leader_id").asText(), doc::toString));

      Cli.Result health = ok(cluster.clientEndpoints(), "cluster", "health");
      assertEquals(3, health.out().lines().filter(l -> l.contains(" healthy")).count(), health::toString);
      JsonNode healthDoc = new YAMLMapper().readTree(ok(cluster.clientEndpoints(), "cluster", "health", "-o", "yaml")
          .out());
      assertEquals(3, healthDoc.get("members").size(), healthDoc::toString);
      assertTrue(healthDoc.get("healthy").asBoolean(), healthDoc::toString);
    });
  }

  @Test
  void aStoppedMemberIsListedUnreachableAndTheCommandsExitOne() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      int follower = (leader + 1) % 3;
      cluster.stop(follower);
      Cli.Result status = meshctl(cluster.clientEndpoints(), "cluster", "status", "--timeout", "2s");
      assertEquals(ExitCodes.REFUSED, status.exitCode(), status::toString);
      assertTrue(status.out().lines().anyMatch(l -> l.startsWith("n" + (follower + 1) + " ")
          && l.contains("UNREACHABLE")), status::toString);
      Cli.Result health = meshctl(cluster.clientEndpoints(), "cluster", "health", "--timeout", "2s");
      assertEquals(ExitCodes.REFUSED, health.exitCode(), health::toString);
      assertTrue(health.out().contains("UNREACHABLE"), health::toString);
      // Any live member still serves the key space.
      ok(cluster.clientEndpoints(), "kv", "put", "still", "works");
    });
  }

  @Test
  void deadEndpointsExitThreeWithoutAStackTrace() {
    Cli.Result r = meshctl(List.of("127.0.0.1:1"), "kv", "get", "greeting", "--timeout", "1s");
    assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r::toString);
    assertTrue(r.err().startsWith("Error: no member could serve the request (tried 127.0.0.1:1)"), r::toString);
    assertTrue(r.err().contains("bin/meshkit dev status"), r::toString);
    assertNoStackTrace(r);
    Cli.Result status = meshctl(List.of("127.0.0.1:1"), "cluster", "status", "--timeout", "1s");
    assertEquals(ExitCodes.UNAVAILABLE, status.exitCode(), status::toString);
    assertNoStackTrace(status);
  }

  @Test
  void watchStreamsChangesUntilInterruptedAndResumesWhenItsMemberStops() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      int follower = (leader + 1) % 3;
      List<String> others = new ArrayList<>(cluster.clientEndpoints());
      others.remove(cluster.clientEndpoint(follower));
      // The watch talks to the follower first, then moves on when it stops.
      List<String> followerFirst = new ArrayList<>(List.of(cluster.clientEndpoint(follower)));
      followerFirst.addAll(others);

      long from = JSON.readTree(ok(others, "kv", "get", "w/", "--prefix", "-o", "json").out())
          .at("/header/revision").asLong() + 1;
      Cli watcher = new Cli();
      CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> watcher.execute(withEndpoints(
          followerFirst, "kv", "watch", "w/", "--prefix", "--prev-kv", "--rev", Long.toString(from))));
      await("the watch to start", () -> watcher.interrupts.armed());

      long r1 = revisionOf(ok(others, "kv", "put", "w/a", "1"));
      long r2 = revisionOf(ok(others, "kv", "put", "w/a", "2"));
      await("two events", () -> watcher.outSoFar().lines().count() >= 2);
      cluster.stop(follower);
      Cli.Result del = ok(others, "kv", "del", "w/a");
      assertEquals("1\n", del.out());
      await("the delete after the resume", () -> watcher.outSoFar().lines().count() >= 3);

      watcher.interrupts.interrupt();
      Cli.Result result = watch.get(30, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result::toString);
      List<String> lines = result.out().lines().toList();
      assertEquals("[rev " + r1 + "] PUT w/a 1", lines.get(0), result::toString);
      assertEquals("[rev " + r2 + "] PUT w/a 2 (prev: 1)", lines.get(1), result::toString);
      assertTrue(lines.get(2).matches("\\[rev \\d+\\] DELETE w/a \\(prev: 2\\)"), result::toString);
      assertEquals(3, lines.size(), result::toString);
      assertTrue(result.err().startsWith("lost " + cluster.clientEndpoint(follower) + ": "), result::toString);
      assertTrue(result.err().contains("; resuming from revision " + (r2 + 1)), result::toString);
      assertNoStackTrace(result);
    });
  }

  @Test
  void watchReplaysHistoryAsJsonLines() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      long r1 = revisionOf(ok(all, "kv", "put", "j/x", "one"));
      long r2 = revisionOf(ok(all, "kv", "put", "j/y", "two"));
      Cli watcher = new Cli();
      CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> watcher.execute(withEndpoints(
          all, "kv", "watch", "j/", "--prefix", "--rev", Long.toString(r1), "-o", "json")));
      await("the replayed events", () -> watcher.outSoFar().lines().count() >= 2);
      watcher.interrupts.interrupt();
      Cli.Result result = watch.get(30, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result::toString);
      List<JsonNode> events = new ArrayList<>();
      for (String line : result.out().lines().toList()) {
        events.add(JSON.readTree(line));
      }
      assertEquals(2, events.size(), result::toString);
      assertEquals("PUT", events.get(0).get("type").asText());
      assertEquals(r1, events.get(0).get("revision").asLong());
      assertEquals("j/x", events.get(0).at("/kv/key").asText());
      assertEquals("one", events.get(0).at("/kv/value").asText());
      assertEquals(r2, events.get(1).get("revision").asLong());
      assertEquals("two", events.get(1).at("/kv/value").asText());
    });
  }

  @Test
  void compactDropsHistoryAndAWatchBelowItEndsWithExitOneAndAHint() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      assertEquals("nothing compacted: all history is within the retention window\n", ok(all, "kv", "compact").out());
      ok(all, "kv", "put", "c/k", "1");
      long r2 = revisionOf(ok(all, "kv", "put", "c/k", "2"));
      Cli.Result compact = ok(all, "kv", "compact", Long.toString(r2), "-o", "json");
      JsonNode doc = JSON.readTree(compact.out());
      assertEquals(r2, doc.get("compact_revision").asLong(), doc::toString);
      long applied = Math.max(r2, doc.at("/header/revision").asLong());
      for (int i = 0; i < 3; i++) {
        cluster.awaitApplied(i, applied, Duration.ofSeconds(30));
      }
      assertEquals("compacted: history below revision " + r2 + " is dropped\n",
          ok(all, "kv", "compact", Long.toString(r2)).out());

      Cli.Result watch = meshctl(all, "kv", "watch", "c/k", "--rev", "1");
      assertEquals(ExitCodes.REFUSED, watch.exitCode(), watch::toString);
      assertTrue(watch.err().startsWith("Error: "), watch::toString);
      assertTrue(watch.err().contains("Hint: history before revision " + r2 + " is compacted"), watch::toString);
      assertNoStackTrace(watch);
    });
  }
}
