package io.meshkit.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the client secures its channels. {@link #plaintext()} for loopback and tests; otherwise the
 * server is verified against a PEM CA bundle, and a client certificate and key (PEM, PKCS#8) are
 * presented when the cluster requires mutual TLS.
 *
 * @param caFile PEM bundle of the CAs that sign member certificates; null for plaintext
 * @param certFile PEM client certificate chain, or null for server-only TLS
 * @param keyFile PEM private key of {@code certFile}, or null
 */
public record ClientTls(Path caFile, Path certFile, Path keyFile) {
  public ClientTls {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs its key and a key needs its certificate: give both --cert and --key, or neither");
    }
    if (caFile == null && certFile != null) {
      throw new IllegalArgumentException("a client certificate needs TLS: give the CA bundle (--cacert) too");
    }
    requireReadable(caFile, "CA bundle");
    requireReadable(certFile, "client certificate");
    requireReadable(keyFile, "client key");
  }

  public static ClientTls plaintext() {
    return new ClientTls(null, null, null);
  }

  public static ClientTls verifyServer(Path caFile) {
    return new ClientTls(caFile, null, null);
  }

  public static ClientTls mutual(Path caFile, Path certFile, Path keyFile) {
    return new ClientTls(caFile, certFile, keyFile);
  }

  public boolean enabled() {
    return caFile != null;
  }

  /** The gRPC credentials for every channel of the client. */
  ChannelCredentials credentials() {
    if (!enabled()) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(caFile.toFile());
      if (certFile != null) {
        tls.keyManager(certFile.toFile(), keyFile.toFile());
      }
      return tls.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load TLS material: " + e.getMessage(), e);
    }
  }

  private static void requireReadable(Path file, String what) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException("the " + what + " " + file + " does not exist or is not readable");
    }
  }
}
