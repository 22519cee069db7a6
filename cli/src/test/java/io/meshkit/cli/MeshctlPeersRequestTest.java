package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.PeerStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the peers commands print for a member's answers, against a fake member. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MeshctlPeersRequestTest {
  private FakeMember member;

  @BeforeEach
  void start() throws Exception {
    member = new FakeMember();
    member.peers = PeerOutputTest.VIEW;
  }

  @AfterEach
  void stop() {
    member.close();
  }

  private String[] args(String... command) {
    return MeshctlLeadershipIT.withEndpoints(List.of(member.endpoint()), command);
  }

  @Test
  void listPrintsWhoseViewItIs() {
    Cli.Result r = new Cli().execute(args("peers", "list"));
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("view of n2\nID "), r::toString);
    assertTrue(r.out().contains("n3  suspect  4 "), r::toString);
  }

  @Test
  void aMemberWithoutGossipIsARefusalWithItsHint() {
    member.failWith = ErrorCodes.toException(ErrorCode.FAILED_PRECONDITION, "gossip is off on member n1",
        "give the member a gossipAddress in initialCluster and restart it");
    for (String command : List.of("list", "watch")) {
      Cli.Result r = new Cli().execute(args("peers", command));
      assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
      assertEquals("Error: gossip is off on member n1\nHint: give the member a gossipAddress in initialCluster "
          + "and restart it\n", r.err(), r::toString);
      assertNoStackTrace(r);
    }
  }

  @Test
  void watchPrintsTheViewThenChangesUntilCtrlC() throws Exception {
    member.peerEvents = List.of(PeerEvent.newBuilder().setAfter(PeerOutputTest.N2).build(),
        PeerEvent.newBuilder().setAfter(PeerOutputTest.N3).build(),
        PeerEvent.newBuilder().setBefore(PeerOutputTest.N3)
            .setAfter(PeerOutputTest.N3.toBuilder().setStatus(PeerStatus.PEER_DEAD)).build());
    Cli cli = new Cli();
    CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> cli.execute(args("peers", "watch")));
    MeshctlLeadershipIT.await("three lines", () -> cli.outSoFar().lines().count() == 4);
    cli.interrupts.interrupt();
    Cli.Result r = watch.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("view of n2\nn2  alive  inc 1\nn3  suspect  inc 4\nn3  suspect → dead  inc 4\n", r.out());
  }
}
