package io.meshkit.server;

import com.sun.net.httpserver.HttpExchange;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MembershipService;
import io.meshkit.proto.v1.ErrorCode;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /control/peers}: this member's gossip view as the JSON of {@code ListPeersResponse}
 * (the same answer as gRPC {@code Membership.ListPeers}); 412 with the fix when gossip is off.
 */
final class PeersRest {
  private final MembershipService membership;
  private final Optional<GossipNode> gossip;

  PeersRest(MembershipService membership, Optional<GossipNode> gossip) {
    this.membership = membership;
    this.gossip = gossip;
  }

  void handle(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod())) {
      JsonReplies.error(ex, 405, ErrorCode.INVALID_ARGUMENT, "use GET", "");
    } else if (gossip.isEmpty()) {
      JsonReplies.error(ex, ErrorCode.FAILED_PRECONDITION, "gossip is off on this member",
          "give the member a gossipAddress and restart it");
    } else {
      JsonReplies.ok(ex, membership.list(gossip.get()));
    }
  }
}
