package io.meshkit.client;

import io.meshkit.proto.JoinTokenText;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for a machine that has nothing but a join token: a server is trusted iff the chain it presents
 * contains a CA certificate whose SHA-256 is the token's pin, and the chain verifies up to that CA (PKIX:
 * signatures, validity, serverAuth, and the name dialled when the TLS stack asks for it). Anything else
 * ends the handshake — before a byte of the request, and so the token's secret, is sent.
 */
final class PinnedCaTrustManager extends X509ExtendedTrustManager {
  private final String pin;
  private volatile String refusal;

  PinnedCaTrustManager(String pin) {
    this.pin = pin;
  }

  /** Why the last handshake was refused, if it was. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    anchoredAtPin(chain).checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    anchoredAtPin(chain).checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    anchoredAtPin(chain).checkServerTrusted(chain, authType);
  }

  /** A standard trust manager whose only anchor is the presented CA with the pinned hash. */
  private X509ExtendedTrustManager anchoredAtPin(X509Certificate[] chain) throws CertificateException {
    X509Certificate ca = null;
    for (X509Certificate c : chain) {
      if (JoinTokenText.pin(c.getEncoded()).equals(pin)) {
        ca = c;
      }
    }
    if (ca == null) {
      refusal = "the server presents no CA certificate with the hash the join token pins (" + chain.length
          + " certificate(s), the first for " + chain[0].getSubjectX500Principal().getName() + ")";
      throw new CertificateException(refusal);
    }
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      anchors.setCertificateEntry("cluster-ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new CertificateException("cannot set up trust in the pinned CA: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a joiner verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("a joiner verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a joiner verifies servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
