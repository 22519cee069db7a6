package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.PutRequest;
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

/** meshctl lease and leaders against three real in-JVM members, and campaigners as real processes. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MeshctlLeadershipIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ELECTED = Pattern.compile("elected (\\S+) as (\\S+), token (\\d+)");

  @TempDir
  Path dir;

  /** {@code --endpoints E1,E2,... args}. */
  static String[] withEndpoints(List<String> endpoints, String... args) {
    return Stream.concat(Stream.of("--endpoints", String.join(",", endpoints)), Arrays.stream(args))
        .toArray(String[]::new);
  }

  private static Cli.Result meshctl(List<String> endpoints, String... args) {
    return new Cli().execute(withEndpoints(endpoints, args));
  }

  private static Cli.Result ok(List<String> endpoints, String... args) {
    Cli.Result r = meshctl(endpoints, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  private static void assertRefused(Cli.Result r, String expected) {
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertTrue(r.err().lines().anyMatch(l -> l.startsWith("Error: ") && l.contains(expected)),
        () -> "stderr should have an 'Error: ' line with '" + expected + "':\n" + r);
    assertNoStackTrace(r);
  }

  /** Runs meshctl on another thread, as a long-running command the test interrupts. */
  private static CompletableFuture<Cli.Result> background(Cli cli, List<String> endpoints, String... args) {
    return CompletableFuture.supplyAsync(() -> cli.execute(withEndpoints(endpoints, args)));
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, Duration.ofSeconds(30), condition);
  }

  /** The token of the "elected SCOPE as CANDIDATE, token N" line in {@code out}. */
  private static long tokenIn(String out) {
    Matcher m = ELECTED.matcher(out);
    assertTrue(m.find(), () -> "no 'elected' line in:\n" + out);
    return Long.parseLong(m.group(3));
  }

  private static List<Long> leaseIds(List<String> endpoints) throws Exception {
    List<Long> ids = new ArrayList<>();
    JSON.readTree(ok(endpoints, "lease", "list", "-o", "json").out()).get("leases")
        .forEach(l -> ids.add(l.get("id").asLong()));
    return ids;
  }

  @Test
  void leaseGrantTtlListKeepAliveAndRevokeWhichDeletesTheAttachedKey() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      JsonNode grant = JSON.readTree(ok(all, "lease", "grant", "30s", "-o", "json").out());
      long id = grant.get("id").asLong();
      assertTrue(id > 0, grant::toString);
      assertEquals(30_000, grant.get("ttl_ms").asLong(), grant::toString);
      assertEquals("lease 777 granted, TTL 10s\n", ok(all, "lease", "grant", "10s", "--id", "777").out());
      assertRefused(meshctl(all, "lease", "grant", "10s", "--id", "777"), "lease 777 already exists");

      try (MeshkitClient client = MeshkitClient.builder().endpoints(all).build()) {
        client.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("svc/a"))
            .setValue(ByteString.copyFromUtf8("10.0.0.1")).setLease(id).build());
      }
      JsonNode ttl = JSON.readTree(ok(all, "lease", "ttl", Long.toString(id), "--keys", "-o", "json").out());
      assertTrue(ttl.get("ttl_ms").asLong() > 0 && ttl.get("ttl_ms").asLong() <= 30_000, ttl::toString);
      assertEquals(30_000, ttl.get("granted_ttl_ms").asLong(), ttl::toString);
      assertEquals("svc/a", ttl.at("/keys/0/key").asText(), ttl::toString);
      String ttlText = ok(all, "lease", "ttl", Long.toString(id), "--keys").out();
      assertTrue(ttlText.matches("lease " + id + ": \\d+(\\.\\d+)?s remaining of 30s, 1 attached key\\(s\\)\nsvc/a\n"),
          ttlText);

      assertEquals(List.of(id, 777L), leaseIds(all).stream().sorted().toList());
      String list = ok(all, "lease", "list").out();
      assertTrue(list.startsWith("ID ") && list.lines().anyMatch(l -> l.matches("777 +10s +revision \\d+")), list);

      assertEquals("lease 777 kept alive, TTL 10s\n", ok(all, "lease", "keep-alive", "777", "--once").out());

      assertEquals("lease " + id + " revoked; 1 attached key(s) and candidacies deleted with it\n",
          ok(all, "lease", "revoke", Long.toString(id)).out());
      assertEquals("", ok(all, "kv", "get", "svc/a").out(), "the attached key went with the lease");
      assertRefused(meshctl(all, "lease", "ttl", Long.toString(id)), "lease " + id + " not found");
      assertRefused(meshctl(all, "lease", "revoke", Long.toString(id)), "not found");
      assertRefused(meshctl(all, "lease", "keep-alive", Long.toString(id), "--once"), "lease " + id + " not found");
      assertEquals(List.of(777L), leaseIds(all));
    });
  }

  @Test
  void keepAliveRenewsUntilInterruptedAndExitsOneWhenTheLeaseIsRevoked() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      ok(all, "lease", "grant", "3s", "--id", "5");

      Cli kept = new Cli();
      CompletableFuture<Cli.Result> keep = background(kept, all, "lease", "keep-alive", "5", "-o", "json");
      await("two renewals", () -> kept.outSoFar().lines().count() >= 2);
      Thread.sleep(3_500); // longer than the TTL: only the renewals keep it
      assertTrue(ok(all, "lease", "ttl", "5").out().startsWith("lease 5: "));
      kept.interrupts.interrupt();
      Cli.Result stopped = keep.get(30, TimeUnit.SECONDS);
      assertEquals(0, stopped.exitCode(), stopped::toString);
      for (String line : stopped.out().lines().toList()) {
        JsonNode renewal = JSON.readTree(line);
        assertEquals(5, renewal.get("id").asLong(), line);
        assertEquals(3_000, renewal.get("ttl_ms").asLong(), line);
      }

      ok(all, "lease", "grant", "3s", "--id", "6");
      Cli doomed = new Cli();
      CompletableFuture<Cli.Result> lost = background(doomed, all, "lease", "keep-alive", "6");
      await("a renewal", () -> doomed.outSoFar().contains("lease 6 kept alive, TTL 3s"));
      ok(all, "lease", "revoke", "6");
      Cli.Result r = lost.get(30, TimeUnit.SECONDS);
      assertRefused(r, "lease 6 expired or was revoked");
      assertTrue(r.err().contains("Hint: grant a new lease"), r::toString);
    });
  }

  @Test
  void campaignHoldsOfficeUntilInterruptedAndTheNextCandidateTakesOverWithALargerToken() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      Cli a = new Cli();
      CompletableFuture<Cli.Result> campaignA = background(a, all, "leaders", "campaign", "svc", "a", "10.0.0.1:80",
          "--no-wait", "--ttl", "5s");
      await("a elected", () -> ELECTED.matcher(a.outSoFar()).find());
      long tokenA = tokenIn(a.outSoFar());
      assertEquals("elected svc as a, token " + tokenA + "\n", a.outSoFar());

      JsonNode get = JSON.readTree(ok(all, "leaders", "get", "svc", "-o", "json").out());
      assertEquals("a", get.at("/leadership/candidate").asText(), get::toString);
      assertEquals(tokenA, get.at("/leadership/token").asLong(), get::toString);
      assertEquals("10.0.0.1:80", get.at("/leadership/value").asText(), get::toString);
      assertEquals(1, get.get("candidates").size(), get::toString);
      long leaseA = get.at("/leadership/lease").asLong();
      assertTrue(ok(all, "leaders", "list").out().lines()
          .anyMatch(l -> l.matches("svc +a +" + tokenA + " +" + leaseA + " +10\\.0\\.0\\.1:80")));

      // --no-wait while a leads: not elected, withdrawn, exit 1.
      Cli.Result b = meshctl(all, "leaders", "campaign", "svc", "b", "--no-wait");
      assertEquals(ExitCodes.REFUSED, b.exitCode(), b::toString);
      assertEquals("not elected: svc: a leads, token " + tokenA + ", lease " + leaseA + ", value 10.0.0.1:80\n",
          b.out());
      assertEquals(1, JSON.readTree(ok(all, "leaders", "get", "svc", "-o", "json").out()).get("candidates").size());
      assertEquals(List.of(leaseA), leaseIds(all), "b's lease was revoked when it withdrew");

      long now = JSON.readTree(ok(all, "leaders", "get", "svc", "-o", "json").out()).at("/header/revision").asLong();
      Cli watcher = new Cli();
      CompletableFuture<Cli.Result> watch = background(watcher, all, "leaders", "watch", "svc", "--rev",
          Long.toString(now + 1), "-o", "json");
      Cli c = new Cli();
      CompletableFuture<Cli.Result> campaignC = background(c, all, "leaders", "campaign", "svc", "c", "-o", "json");
      await("c to wait", () -> c.errSoFar().contains("waiting for a to step down..."));
      await("the watch", () -> watcher.interrupts.armed());
      ok(all, "kv", "put", "cfg", "1", "--fence", "svc:" + tokenA);

      a.interrupts.interrupt();
      Cli.Result resigned = campaignA.get(30, TimeUnit.SECONDS);
      assertEquals(0, resigned.exitCode(), resigned::toString);
      assertTrue(resigned.err().contains("a resigned from svc"), resigned::toString);
      assertFalse(leaseIds(all).contains(leaseA), "a revoked its lease");

      await("c elected", () -> !c.outSoFar().isEmpty());
      JsonNode elected = JSON.readTree(c.outSoFar());
      assertTrue(elected.get("elected").asBoolean(), elected::toString);
      long tokenC = elected.get("token").asLong();
      assertTrue(tokenC > tokenA, elected::toString);
      assertEquals("svc", elected.get("scope").asText());
      assertEquals("c", elected.get("candidate").asText());

      Cli.Result stale = meshctl(all, "kv", "put", "cfg", "2", "--fence", "svc:" + tokenA);
      assertRefused(stale, "token " + tokenA + " is stale");
      assertTrue(stale.err().contains("Hint: " + ErrorReporter.FENCED_HINT), stale::toString);
      ok(all, "kv", "txn", "--then", "put cfg 3", "--fence", "svc:" + tokenC);
      assertEquals("cfg\n3\n", ok(all, "kv", "get", "cfg").out());

      // Resigned from elsewhere, c loses office: exit 1.
      assertRefused(meshctl(all, "leaders", "resign", "svc", "nobody"), "nobody does not campaign in svc");
      JsonNode candidacy = JSON.readTree(ok(all, "leaders", "get", "svc", "-o", "json").out()).at("/candidates/0");
      assertEquals("c resigned; svc: no leader\n", ok(all, "leaders", "resign", "svc", "c",
          "--lease", candidacy.get("lease").asText(), "--revision", candidacy.get("create_revision").asText()).out());
      Cli.Result deposed = campaignC.get(30, TimeUnit.SECONDS);
      assertRefused(deposed, "lost leadership: svc has no leader now");
      assertTrue(deposed.err().contains("Hint: token " + tokenC + " is stale"), deposed::toString);
      assertEquals("svc has no leader\n", ok(all, "leaders", "get", "svc").out());
      assertEquals(List.of(), leaseIds(all), "c revoked its lease on the way out");

      await("the watch to see both changes", () -> watcher.outSoFar().lines().count() >= 2);
      watcher.interrupts.interrupt();
      Cli.Result watched = watch.get(30, TimeUnit.SECONDS);
      assertEquals(0, watched.exitCode(), watched::toString);
      List<JsonNode> changes = new ArrayList<>();
      for (String line : watched.out().lines().toList()) {
        changes.add(JSON.readTree(line));
      }
      assertEquals("c", changes.get(0).at("/leadership/candidate").asText(), watched::toString);
      assertEquals(tokenC, changes.get(0).at("/leadership/token").asLong(), watched::toString);
      assertTrue(changes.get(1).at("/leadership/candidate").isMissingNode(), watched::toString);
      assertEquals(2, changes.size(), watched::toString);
    });
  }

  /**
   * Two campaigners as real processes: exactly one is elected; SIGKILL it, and the other takes
   * office with a larger token once the dead one's lease expires; the old token is fenced.
   */
  @Test
  void whenTheLeaderProcessIsKilledTheOtherIsElectedAndTheOldTokenIsFenced() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      List<String> all = cluster.clientEndpoints();
      String endpoints = String.join(",", all);
      Path logs = dir.resolve("processes");
      try (MeshctlProcess a = MeshctlProcess.start(logs, "a",
              List.of("--endpoints", endpoints, "leaders", "campaign", "ctl", "a"));
          MeshctlProcess b = MeshctlProcess.start(logs, "b",
              List.of("--endpoints", endpoints, "leaders", "campaign", "ctl", "b", "--ttl", "3s"))) {
        await("one of them elected", Duration.ofSeconds(60), () -> a.out().contains("elected")
            || b.out().contains("elected"));
        boolean aLeads = a.out().contains("elected");
        MeshctlProcess leader = aLeads ? a : b;
        MeshctlProcess follower = aLeads ? b : a;
        String leaderName = aLeads ? "a" : "b";
        Duration leaderTtl = Duration.ofSeconds(aLeads ? 10 : 3);
        await("the other to wait", Duration.ofSeconds(60),
            () -> follower.err().contains("waiting for " + leaderName + " to step down..."));
        assertFalse(follower.out().contains("elected"), () -> "both elected:\n" + a + "\n" + b);
        long oldToken = tokenIn(leader.out());
        assertEquals("elected ctl as " + leaderName + ", token " + oldToken + "\n", leader.out());

        leader.kill9();
        await("the other elected", leaderTtl.plusSeconds(15), () -> follower.out().contains("elected"));
        long newToken = tokenIn(follower.out());
        assertTrue(newToken > oldToken, () -> newToken + " after " + oldToken);

        Cli.Result fenced = meshctl(all, "kv", "put", "cfg", "x", "--fence", "ctl:" + oldToken);
        assertRefused(fenced, "fenced: token " + oldToken + " is stale");
        ok(all, "kv", "put", "cfg", "x", "--fence", "ctl:" + newToken);

        // SIGTERM, as Ctrl-C: the survivor resigns, revokes its lease and exits 0.
        assertEquals(0, follower.terminate(), follower::toString);
        assertEquals("ctl has no leader\n", ok(all, "leaders", "get", "ctl").out());
        assertFalse(follower.err().contains("Exception"), follower::toString);
      }
    });
  }
}
