package io.meshkit.server;

import io.meshkit.raft.MemberSet;
import io.meshkit.raft.RaftMember;
import io.meshkit.raft.RaftNode;
import java.util.List;
import java.util.Optional;

/**
 * Where the members are: the live Raft configuration when this member knows it (it carries every
 * member's addresses), else the configured {@code initialCluster} (a member waiting to be added).
 */
final class MemberDirectory {
  private final RaftNode node;
  private final List<PeerConfig> configured;

  MemberDirectory(RaftNode node, List<PeerConfig> configured) {
    this.node = node;
    this.configured = List.copyOf(configured);
  }

  /** The members, from the live configuration or, while it is unknown, the configured ones. */
  List<RaftMember> members() {
    MemberSet set = node.members();
    if (!set.empty()) {
      return set.all();
    }
    return configured.stream().map(p -> new RaftMember(p.id(), p.raftAddress(), p.clientAddress(), p.adminAddress()))
        .toList();
  }

  /** Member {@code id}'s client address, if it is known. */
  Optional<String> clientAddress(String id) {
    return members().stream().filter(m -> m.id().equals(id)).map(RaftMember::clientAddress)
        .filter(a -> !a.isEmpty()).findFirst();
  }
}
