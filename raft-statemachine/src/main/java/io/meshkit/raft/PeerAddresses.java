package io.meshkit.raft;

import org.apache.ratis.protocol.RaftPeer;

/**
 * Converts between {@link RaftMember} and Ratis' {@link RaftPeer}.
 *
 * <p>Where the MeshKit addresses live: Ratis uses a peer's {@code clientAddress} and
 * {@code adminAddress} fields itself (its own clients connect there), so they cannot hold MeshKit's.
 * MeshKit does not run Ratis' DataStream (its type stays DISABLED; {@link RatisProperties} pins it),
 * and the peer's {@code dataStreamAddress} field carries {@code client=H:P;admin=H:P} instead. The
 * configuration entry is replicated and persisted by Ratis with the peer, so a member's addresses
 * commit atomically with its membership.
 */
final class PeerAddresses {
  private PeerAddresses() {}

  static RaftPeer toPeer(RaftMember member, boolean listener) {
    RaftPeer.Builder peer = RaftPeer.newBuilder().setId(member.id()).setAddress(member.raftAddress())
        .setDataStreamAddress("client=" + member.clientAddress() + ";admin=" + member.adminAddress());
    if (listener) {
      peer.setStartupRole(org.apache.ratis.proto.RaftProtos.RaftPeerRole.LISTENER);
    }
    return peer.build();
  }

  static RaftMember fromPeer(RaftPeer peer) {
    String client = "";
    String admin = "";
    String carried = peer.getDataStreamAddress();
    if (carried != null) {
      for (String part : carried.split(";")) {
        if (part.startsWith("client=")) {
          client = part.substring("client=".length());
        } else if (part.startsWith("admin=")) {
          admin = part.substring("admin=".length());
        }
      }
    }
    return new RaftMember(peer.getId().toString(), peer.getAddress(), client, admin);
  }
}
