package io.meshkit.client;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS identity and trust read from PEM files, and read again while in use: a certificate chain with
 * its PKCS#8 key (optional for a client), and a CA bundle. Every {@code reload} the files' modification
 * times and sizes are looked at; when they changed, the files are read again and the next handshake
 * uses them — certificates rotate without a restart, connections already open keep their session. A new
 * key is taken only together with a certificate it matches (a rotation caught half-way, or a bad file,
 * leaves the last good material in use, logged, and is tried again next time). Files that cannot be read
 * at the start are refused at once, naming the file.
 */
public final class TlsMaterial implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
  /** One reloader thread for all material in the process; daemon, it never keeps the JVM up. */
  private static final ScheduledExecutorService RELOADER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meshkit-tls-reload");
    t.setDaemon(true);
    return t;
  });

  private final Path caFile;
  private final Path certFile;
  private final Path keyFile;
  private final Optional<AdvancedTlsX509KeyManager> keys;
  private final AdvancedTlsX509TrustManager trust;
  private List<String> caStamp;
  private List<String> identityStamp;
  private ScheduledFuture<?> reloading;

  private TlsMaterial(Path caFile, Path certFile, Path keyFile, boolean checkHostname)
      throws GeneralSecurityException {
    this.caFile = caFile;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.trust = AdvancedTlsX509TrustManager.newBuilder().setVerification(checkHostname
        ? AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION
        : AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
    this.keys = certFile == null ? Optional.empty() : Optional.of(new AdvancedTlsX509KeyManager());
  }

  /**
   * Loads the files and starts watching them.
   *
   * @param caFile PEM bundle of the CAs the peer's certificate must chain to
   * @param certFile PEM certificate chain presented to the peer, or null (a client without identity)
   * @param keyFile PEM PKCS#8 private key of {@code certFile}, or null
   * @param checkHostname whether the peer's certificate must also name the address dialled (clients:
   *     true; a server checking client certificates: false)
   * @throws IllegalArgumentException naming the file that cannot be read, and the fix
   */
  public static TlsMaterial load(Path caFile, Path certFile, Path keyFile, Duration reload, boolean checkHostname) {
    TlsMaterial m;
    try {
      m = new TlsMaterial(caFile, certFile, keyFile, checkHostname);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
    m.loadTrust();
    m.loadIdentity();
    m.reloading = RELOADER.scheduleWithFixedDelay(m::reloadChanged, reload.toMillis(), reload.toMillis(),
        TimeUnit.MILLISECONDS);
    return m;
  }

  private void loadTrust() {
    List<String> seen = stamp(caFile);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.updateTrustCredentials(CertificateUtils.getX509Certificates(in));
      caStamp = seen;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("the CA bundle " + caFile + " cannot be read as PEM certificates: "
          + e.getMessage(), e);
    }
  }

  private void loadIdentity() {
    if (keys.isEmpty()) {
      return;
    }
    List<String> seen = identityStamp();
    X509Certificate[] chain;
    PrivateKey key;
    try (InputStream in = Files.newInputStream(certFile)) {
      chain = CertificateUtils.getX509Certificates(in);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("the certificate " + certFile + " cannot be read as a PEM chain: "
          + e.getMessage(), e);
    }
    try (InputStream in = Files.newInputStream(keyFile)) {
      key = CertificateUtils.getPrivateKey(in);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("the key " + keyFile + " cannot be read as an unencrypted PKCS#8 PEM key ("
          + e.getMessage() + "); convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + keyFile, e);
    }
    if (chain.length == 0 || !matches(key, chain[0])) {
      throw new IllegalArgumentException("the key " + keyFile + " does not belong to the certificate " + certFile
          + (chain.length == 0 ? " (it holds no certificate)" : "") + ": give the key the certificate was issued for");
    }
    keys.get().updateIdentityCredentials(chain, key);
    identityStamp = seen;
  }

  private List<String> identityStamp() {
    return List.of(String.join(",", stamp(certFile)), String.join(",", stamp(keyFile)));
  }

  /** Whether {@code key} signs what {@code cert}'s public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return true;  // an unusual key type: the handshake will tell
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The file's modification time and size: what tells a rewrite. */
  private static List<String> stamp(Path file) {
    try {
      return List.of(Files.getLastModifiedTime(file).toString(), Long.toString(Files.size(file)));
    } catch (IOException e) {
      return List.of("missing");
    }
  }

  private void reloadChanged() {
    try {
      if (!stamp(caFile).equals(caStamp)) {
        loadTrust();
        LOG.info("tls: reloaded the CA bundle {}", caFile);
      }
      if (keys.isPresent() && !identityStamp().equals(identityStamp)) {
        loadIdentity();
        LOG.info("tls: reloaded the certificate {} and its key", certFile);
      }
    } catch (RuntimeException e) {
      LOG.warn("tls: {}; keeping the previous material and trying again in a moment", e.getMessage());
    }
  }

  /** The identity presented to peers; empty for a client without a certificate. */
  public Optional<X509ExtendedKeyManager> keyManager() {
    return keys.map(k -> k);
  }

  public X509ExtendedTrustManager trustManager() {
    return trust;
  }

  /** gRPC channel credentials: TLS with this trust, and this identity when there is one (mutual TLS). */
  public ChannelCredentials channelCredentials() {
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(trust);
    keys.ifPresent(b::keyManager);
    return b.build();
  }

  /** An SSL context with this identity and trust (for HTTPS). */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.map(k -> new KeyManager[] {k}).orElse(null), new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
    }
  }

  /** Stops watching the files. */
  @Override
  public void close() {
    if (reloading != null) {
      reloading.cancel(false);
    }
  }
}
