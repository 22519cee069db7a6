package io.meshkit.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MembershipService;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /control/peers}: this member's gossip view as the JSON of {@code ListPeersResponse}
 * (the same answer as gRPC {@code Membership.ListPeers}); 412 with the fix when gossip is off.
 */
final class PeersRest {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
      .includingDefaultValueFields();

  private final MembershipService membership;
  private final Optional<GossipNode> gossip;

  PeersRest(MembershipService membership, Optional<GossipNode> gossip) {
    this.membership = membership;
    this.gossip = gossip;
  }

  void handle(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod())) {
      AdminHttpServer.respond(ex, 405, "application/json",
          "{\"code\": \"INVALID_ARGUMENT\", \"message\": \"use GET\", \"hint\": \"\"}\n");
      return;
    }
    if (gossip.isEmpty()) {
      AdminHttpServer.respond(ex, 412, "application/json", "{\"code\": \"FAILED_PRECONDITION\", \"message\": "
          + "\"gossip is off on this member\", \"hint\": \"give the member a gossipAddress and restart it\"}\n");
      return;
    }
    try {
      AdminHttpServer.respond(ex, 200, "application/json", PRINTER.print(membership.list(gossip.get())) + "\n");
    } catch (InvalidProtocolBufferException e) {
      AdminHttpServer.respond(ex, 500, "application/json", "{\"code\": \"INTERNAL\", \"message\": \"cannot render "
          + "the peers\", \"hint\": \"\"}\n");
    }
  }
}
