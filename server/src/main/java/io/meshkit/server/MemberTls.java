package io.meshkit.server;

import com.sun.net.httpserver.HttpsConfigurator;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.meshkit.client.TlsMaterial;
import io.meshkit.raft.PeerTls;
import java.util.Optional;

/**
 * What TLS means for each of a member's sockets, from its {@link TlsSettings} (or plaintext when there
 * are none): the client gRPC server's credentials, the admin HTTPS configuration, the Raft transport's
 * mutual TLS (peers' certificates checked against the CA bundle, not their names), and the credentials
 * of the member's own calls to other members (ReadIndex between members, the federation's calls to
 * other clusters, an in-server relay), which present the member's certificate.
 */
final class MemberTls implements AutoCloseable {
  private final Optional<TlsSettings> settings;
  private final Optional<TlsMaterial> serving;
  private final Optional<TlsMaterial> calling;

  MemberTls(Optional<TlsSettings> settings) {
    this.settings = settings;
    this.serving = settings.map(s -> s.material(false));
    this.calling = settings.map(s -> s.material(true));
  }

  boolean enabled() {
    return settings.isPresent();
  }

  ServerCredentials grpcServer() {
    if (serving.isEmpty()) {
      return InsecureServerCredentials.create();
    }
    TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(serving.get().keyManager()
        .orElseThrow()).trustManager(serving.get().trustManager());
    b.clientAuth(switch (settings.get().clientAuth()) {
      case REQUIRE -> TlsServerCredentials.ClientAuth.REQUIRE;
      case OPTIONAL -> TlsServerCredentials.ClientAuth.OPTIONAL;
      case NONE -> TlsServerCredentials.ClientAuth.NONE;
    });
    return b.build();
  }

  /**
   * For a bootstrap port: TLS with the member's identity and {@code ca} at the end of the chain presented,
   * no client certificate asked (a joiner has none yet). Needs TLS settings.
   */
  ServerCredentials bootstrapServer(java.security.cert.X509Certificate ca) {
    return TlsServerCredentials.newBuilder().keyManager(new CaPresentingKeyManager(serving.orElseThrow().keyManager()
        .orElseThrow(), ca)).clientAuth(TlsServerCredentials.ClientAuth.NONE).build();
  }

  /** For the admin server: HTTPS with the same identity and client-certificate rule; empty for plain HTTP. */
  Optional<HttpsConfigurator> adminHttps() {
    return serving.map(m -> TlsServing.https(m, settings.get().clientAuth()));
  }

  /** The Raft transport's TLS (both ways, mutual, certificate chain checked without names); empty: plaintext. */
  Optional<PeerTls> raftPeers() {
    return serving.map(m -> new PeerTls(m.keyManager().orElseThrow(), m.trustManager()));
  }

  /**
   * Why this member cannot tell who its callers are — so access control cannot be enabled through it —
   * or empty when it verifies client certificates.
   */
  Optional<String> whyCallersAreUnidentified() {
    if (settings.isEmpty()) {
      return Optional.of("this member serves plaintext, so its callers (other members too) cannot prove who they"
          + " are; access control needs TLS with client certificates on every member (tlsCertFile, tlsKeyFile,"
          + " tlsCaFile)");
    }
    if (settings.get().clientAuth() == TlsSettings.ClientAuth.NONE) {
      return Optional.of("this member does not ask for client certificates (tlsClientAuth: none), and members"
          + " identify each other by their certificates; access control needs tlsClientAuth require or optional");
    }
    return Optional.empty();
  }

  /**
   * The names (certificate CN) under which this member calls others: callers presenting a certificate
   * with that name are members. Empty without TLS.
   */
  java.util.Set<String> memberNames() {
    if (settings.isEmpty()) {
      return java.util.Set.of();
    }
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(settings.get().certFile())) {
      java.security.cert.Certificate leaf = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      return CertificateIdentity.of((java.security.cert.X509Certificate) leaf, "")
          .map(c -> java.util.Set.of(c.name())).orElse(java.util.Set.of());
    } catch (java.io.IOException | java.security.cert.CertificateException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException("cannot read the member certificate "
          + settings.get().certFile() + ": " + e.getMessage(), e));
    }
  }

  /** Credentials for this member's calls to other members and clusters. */
  ChannelCredentials calls() {
    return calling.map(TlsMaterial::channelCredentials).orElseGet(InsecureChannelCredentials::create);
  }

  @Override
  public void close() {
    serving.ifPresent(TlsMaterial::close);
    calling.ifPresent(TlsMaterial::close);
  }
}
