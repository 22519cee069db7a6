package io.meshkit.server;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshkit.access.bootstrap.BootstrapService;
import io.meshkit.access.bootstrap.JoinSettings;
import io.meshkit.proto.v1.JoinPeer;
import io.meshkit.raft.RaftNode;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A member's bootstrap port ({@code bootstrapAddress}): a gRPC server of its own, TLS with the member's
 * certificate and the cluster CA at the end of the chain, no client certificate asked, serving nothing but
 * {@code Bootstrap.Join} — the one call a machine without a certificate may make; its token is its
 * credential.
 */
final class BootstrapPort implements AutoCloseable {
  /** Join requests carry a CSR and a token: a few KiB. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final Server server;

  private BootstrapPort(Server server) {
    this.server = server;
  }

  /** The Bootstrap service of a member configured by {@code config}. */
  static BootstrapService service(ServerConfig.Resolved config, RaftNode node) {
    byte[] gossipKey = config.gossipKey();
    return new BootstrapService(node, new JoinSettings(config.raft().clusterName(), config.members().stream()
        .map(p -> JoinPeer.newBuilder().setId(p.id()).setClientAddress(p.clientAddress())
            .setRaftAddress(p.raftAddress()).setGossipAddress(p.gossipAddress()).setAdminAddress(p.adminAddress())
            .build()).toList(), gossipKey == null ? ByteString.EMPTY : ByteString.copyFrom(gossipKey),
        config.tls().map(TlsSettings::caFile), config.bootstrap().authority(), config.bootstrap().certificateValidity()));
  }

  /**
   * Starts the port when the config has a bootstrap address (validation made sure TLS and the CA key exist;
   * the member checked the address is free).
   */
  static Optional<BootstrapPort> start(ServerConfig.Resolved config, MemberTls tls, BootstrapService service)
      throws IOException {
    String address = config.bootstrap().address();
    if (address.isEmpty()) {
      return Optional.empty();
    }
    Server server = NettyServerBuilder.forAddress(Addresses.parse(address),
            tls.bootstrapServer(config.bootstrap().authority().orElseThrow().certificate()))
        .maxInboundMessageSize(MAX_REQUEST_BYTES)
        .addService(service.joinOnly())
        .build().start();
    return Optional.of(new BootstrapPort(server));
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
  }
}
