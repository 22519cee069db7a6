package io.meshkit.client;

import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshkit.proto.JoinTokenText;
import io.meshkit.proto.v1.BootstrapGrpc;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.JoinRequest;
import io.meshkit.proto.v1.JoinResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Joins a cluster from a machine that has only a join token: calls {@code Bootstrap.Join} on a member's
 * bootstrap port over TLS that trusts nothing but the CA the token pins, so the token goes to the real
 * cluster or nowhere. Not retried: a join consumes a use of the token.
 */
public final class JoinClient {
  private JoinClient() {}

  /**
   * Sends {@code request} (its token must parse: {@link JoinTokenText}) to {@code endpoint}.
   *
   * @return the cluster's answer, whose CA bundle and chain were checked to hold the pinned CA
   * @throws IllegalArgumentException when the request's token is not a join token
   * @throws MeshkitClientException when the server is not the pinned cluster's (nothing was sent), cannot be
   *     reached, or refuses (its code, message and hint)
   */
  public static JoinResponse join(String endpoint, JoinRequest request, Duration timeout) {
    JoinTokenText token = JoinTokenText.parse(request.getToken()).orElseThrow(() -> new IllegalArgumentException(
        "the token is not a join token: give it as " + JoinTokenText.expectedForm()));
    Endpoints.parse(endpoint);
    PinnedCaTrustManager trust = new PinnedCaTrustManager(token.caPin());
    ManagedChannel channel = NettyChannelBuilder.forTarget(endpoint,
        TlsChannelCredentials.newBuilder().trustManager(trust).build()).build();
    try {
      JoinResponse response = BootstrapGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(),
          TimeUnit.MILLISECONDS).join(request);
      requirePinned(response, token.caPin(), endpoint);
      return response;
    } catch (io.grpc.StatusRuntimeException e) {
      if (trust.refusal().isPresent()) {
        throw new MeshkitClientException(ErrorCode.UNAUTHENTICATED, "refused to send the join token to " + endpoint
            + ": " + trust.refusal().get(), "check --endpoint (a member's bootstrapAddress) and that the token was "
            + "issued by that cluster; nothing was sent", endpoint, true, e);
      }
      throw MeshkitClientException.from(e, endpoint);
    } finally {
      channel.shutdownNow();
    }
  }

  /** The answer must carry the pinned CA in its bundle and at the top of the certificate chain. */
  private static void requirePinned(JoinResponse response, String pin, String endpoint) {
    for (String pem : new String[] {response.getCaBundlePem(), response.getCertificateChainPem()}) {
      boolean found = false;
      try {
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(
            pem.getBytes(StandardCharsets.UTF_8)))) {
          found |= JoinTokenText.pin(((X509Certificate) c).getEncoded()).equals(pin);
        }
      } catch (GeneralSecurityException e) {
        found = false;
      }
      if (!found) {
        throw new MeshkitClientException(ErrorCode.INTERNAL, "the answer of " + endpoint + " does not carry the CA "
            + "the token pins", "report this: the member's tlsCaFile should hold the CA of its tlsCaKeyFile", endpoint,
            false, null);
      }
    }
  }
}
