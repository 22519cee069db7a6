package io.meshkit.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gossip members on real UDP sockets on loopback, with fast timings. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GossipNodeTest {
  private static final GossipConfig FAST = new GossipConfig(Duration.ofMillis(200), Duration.ofMillis(80), 2, 3, 3, 4,
      Duration.ofMillis(50), 3, Duration.ofSeconds(5), Duration.ofSeconds(30), 4, 512);
  private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final List<GossipNode> nodes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    nodes.forEach(GossipNode::close);
  }

  private GossipNode start(String id, List<String> seeds, byte[] key) throws InterruptedException {
    GossipNode node = GossipNode.start(FAST, "test", id, "127.0.0.1:0", null, seeds, key);
    nodes.add(node);
    return node;
  }

  private static MemberStatus statusOf(GossipNode observer, String id) {
    return observer.members().stream().filter(m -> m.id().equals(id)).map(MemberView::status).findFirst()
        .orElse(null);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void membersConvergeShareMetadataAndSeeAStoppedMemberDead() throws Exception {
    GossipNode a = start("a", List.of(), KEY);
    GossipNode b = start("b", List.of(a.address()), KEY);
    GossipNode c = start("c", List.of(a.address()), KEY);
    await(() -> List.of(a, b, c).stream().allMatch(n -> n.members().size() == 3
        && n.members().stream().allMatch(m -> m.status() == MemberStatus.ALIVE)), "three members alive everywhere");

    c.setMetadata(Map.of("zone", "z3"));
    await(() -> a.members().stream().anyMatch(m -> m.id().equals("c") && m.metadata().equals(Map.of("zone", "z3"))),
        "metadata reaches a");
    await(() -> a.members().stream().filter(m -> m.id().equals("b")).findFirst().orElseThrow().rttMillis() >= 0,
        "a measured b's round trip");

    c.close();
    await(() -> statusOf(a, "c") == MemberStatus.DEAD && statusOf(b, "c") == MemberStatus.DEAD, "c dead at a and b");
    assertEquals(MemberStatus.ALIVE, statusOf(a, "b"));
  }

  /** A full-state sync above Netty's default 2 KiB datagram buffer used to be truncated and dropped. */
  @Test
  void aLargeSyncIsReceivedWhole() throws Exception {
    GossipNode a = start("a", List.of(), null);
    a.setMetadata(Map.of("blob", "x".repeat(480)));
    List<GossipNode> joined = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      GossipNode n = start("m" + i, List.of(a.address()), null);
      n.setMetadata(Map.of("blob", "y".repeat(480)));
      joined.add(n);
    }
    await(() -> joined.stream().allMatch(n -> n.members().size() == 7), "every member learns all seven");
    assertEquals(0, joined.stream().mapToLong(GossipNode::droppedDatagrams).sum() + a.droppedDatagrams(),
        "no datagram dropped as unreadable");
  }

  @Test
  void aMemberWithoutTheKeyCannotJoin() throws Exception {
    GossipNode a = start("a", List.of(), KEY);
    GossipNode b = start("b", List.of(a.address()), KEY);
    GossipNode intruder = start("x", List.of(a.address()), null);
    await(() -> a.members().size() == 2, "a and b see each other");
    Thread.sleep(1_000);
    assertEquals(2, a.members().size(), "the plain member is not admitted: " + a.members());
    assertEquals(1, intruder.members().size());
    assertTrue(a.droppedDatagrams() > 0, "its datagrams were dropped");
    assertEquals(MemberStatus.ALIVE, statusOf(b, "a"));
  }
}
