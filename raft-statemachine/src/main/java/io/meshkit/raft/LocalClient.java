package io.meshkit.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;

/**
 * Requests to this member's own Raft server, as one Ratis client would send them (its own client id,
 * increasing call ids), without an RPC. Answers what the server answers — including NotLeader. Thread-safe.
 */
final class LocalClient {
  private final RaftServer server;
  private final RaftGroupId group;
  private final ClientId id = ClientId.randomId();
  private final AtomicLong calls = new AtomicLong();

  LocalClient(RaftServer server, RaftGroupId group) {
    this.server = server;
    this.group = group;
  }

  CompletableFuture<RaftClientReply> send(Message message, RaftClientRequest.Type type) {
    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(id).setServerId(server.getId())
        .setGroupId(group).setCallId(calls.incrementAndGet()).setMessage(message).setType(type).build();
    try {
      return server.submitClientRequestAsync(request);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
