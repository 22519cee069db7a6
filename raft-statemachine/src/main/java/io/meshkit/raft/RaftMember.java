package io.meshkit.raft;

import java.util.Objects;

/**
 * One member of the Raft configuration and where it serves: its Raft transport, its client gRPC API
 * and its admin HTTP server. Carried inside the replicated configuration itself (see
 * {@link PeerAddresses}), so every member learns a new member's addresses when the change commits.
 *
 * @param id member id, unique in the cluster
 * @param raftAddress host:port of its Raft transport
 * @param clientAddress host:port of its client API; empty when unknown (a member added by hand without it)
 * @param adminAddress host:port of its admin HTTP server; empty = none
 */
public record RaftMember(String id, String raftAddress, String clientAddress, String adminAddress) {
  public RaftMember {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(raftAddress, "raftAddress");
    clientAddress = clientAddress == null ? "" : clientAddress;
    adminAddress = adminAddress == null ? "" : adminAddress;
  }
}
