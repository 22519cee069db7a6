package io.meshkit.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.meshkit.client.TlsMaterial;
import io.meshkit.raft.PeerTls;
import java.util.Optional;
import javax.net.ssl.SSLParameters;

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
    return serving.map(m -> new HttpsConfigurator(m.sslContext()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setNeedClientAuth(settings.get().clientAuth() == TlsSettings.ClientAuth.REQUIRE);
        p.setWantClientAuth(settings.get().clientAuth() == TlsSettings.ClientAuth.OPTIONAL);
        params.setSSLParameters(p);
      }
    });
  }

  /** The Raft transport's TLS (both ways, mutual, certificate chain checked without names); empty: plaintext. */
  Optional<PeerTls> raftPeers() {
    return serving.map(m -> new PeerTls(m.keyManager().orElseThrow(), m.trustManager()));
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
