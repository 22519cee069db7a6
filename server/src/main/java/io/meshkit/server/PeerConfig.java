package io.meshkit.server;

/**
 * One member of the initial cluster.
 *
 * @param id member id, unique in the cluster
 * @param raftAddress host:port of its Raft (peer) transport
 * @param clientAddress host:port of its client gRPC API
 * @param adminAddress host:port of its admin HTTP server; empty = none
 * @param gossipAddress host:port (UDP) of its gossip member; empty = this member runs no gossip
 */
public record PeerConfig(String id, String raftAddress, String clientAddress, String adminAddress,
    String gossipAddress) {

  /** Admin and gossip addresses are optional: absent (null in YAML) means off. */
  public PeerConfig {
    adminAddress = adminAddress == null ? "" : adminAddress;
    gossipAddress = gossipAddress == null ? "" : gossipAddress;
  }

  /** A member without gossip. */
  public PeerConfig(String id, String raftAddress, String clientAddress, String adminAddress) {
    this(id, raftAddress, clientAddress, adminAddress, "");
  }

  /** Parses the flag form {@code id=n1,raft=H:P,client=H:P,admin=H:P[,gossip=H:P]}. */
  public static PeerConfig parseFlag(String text) {
    String id = null;
    String raft = null;
    String client = null;
    String admin = null;
    String gossip = null;
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--peer '" + text + "': expected id=N,raft=HOST:PORT,client=HOST:PORT,"
            + "admin=HOST:PORT");
      }
      String value = part.substring(eq + 1).trim();
      switch (part.substring(0, eq).trim()) {
        case "id" -> id = value;
        case "raft" -> raft = value;
        case "client" -> client = value;
        case "admin" -> admin = value;
        case "gossip" -> gossip = value;
        default -> throw new IllegalArgumentException("--peer '" + text + "': unknown part '" + part
            + "'; known parts are id, raft, client, admin, gossip");
      }
    }
    return new PeerConfig(id, raft, client, admin == null ? "" : admin, gossip);
  }
}
