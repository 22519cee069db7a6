package io.meshkit.relay.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.relay.proxy.BackendLoad;
import io.meshkit.relay.routing.RoutingTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a relay says about its load in gossip: totals, and each busy node's share of its limit. */
class RelayLoadPublisherTest {
  private static final RoutingTable TABLE = RoutingTable.of(RegistrySnapshotResponse.newBuilder()
      .setHeader(ResponseHeader.newBuilder().setRevision(5))
      .addNodes(Node.newBuilder().setId("n1").addEndpoints("10.0.0.1:80"))
      .addNodes(Node.newBuilder().setId("n2").addEndpoints("h2c://10.0.0.2:80")).build());

  @Test
  void totalsAndEachBusyNodesLoadInTenths() {
    Map<String, String> m = RelayLoadPublisher.metadata(Map.of(), List.of(
        new BackendLoad("10.0.0.1:80", 48, 16, 64, 0),
        new BackendLoad("h2c://10.0.0.2:80", 1, 0, 64, 0),
        new BackendLoad("10.9.9.9:80", 30, 0, 64, 0)), TABLE);
    assertEquals("relay", m.get("role"));
    assertEquals("79", m.get("relay.in_flight"));
    assertEquals("16", m.get("relay.queued"));
    assertEquals("1.0", m.get("relay.load.n1"), "in flight and queued over the limit, capped at 1");
    assertFalse(m.containsKey("relay.load.n2"), "an idle node is left out");
    assertEquals(4, m.size(), "a backend no registered node has is not attributed");
  }

  @Test
  void aServersOwnKeysAreKept() {
    Map<String, String> m = RelayLoadPublisher.metadata(Map.of("role", "server", "client", "127.0.0.1:7001"),
        List.of(new BackendLoad("10.0.0.1:80", 20, 0, 64, 0)), TABLE);
    assertEquals("server", m.get("role"));
    assertEquals("127.0.0.1:7001", m.get("client"));
    assertEquals("0.3", m.get("relay.load.n1"));
  }
}
