package io.meshkit.server;

import io.meshkit.client.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A member's TLS, validated: its certificate and key (PEM; the key PKCS#8) serve the client gRPC API and
 * the admin HTTP server and identify the member when it calls other members; the CA bundle verifies
 * client certificates and the other members. {@code clientAuth} says whether clients must present a
 * certificate (require, the default: mutual TLS), may (optional), or are not asked (none). The files
 * are read again every {@code reload} when they changed.
 */
public record TlsSettings(Path certFile, Path keyFile, Path caFile, ClientAuth clientAuth, Duration reload) {
  public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(10);

  /** Whether a client must show a certificate signed by the CA bundle. */
  public enum ClientAuth { REQUIRE, OPTIONAL, NONE }

  /**
   * The settings of the config's {@code tls*} fields; empty (plaintext) when none is set.
   *
   * @throws ConfigException naming the field and the fix: a certificate without its key or CA bundle,
   *     a TLS field without a certificate, an unknown clientAuth, a file that is not readable PEM
   */
  static Optional<TlsSettings> of(String cert, String key, String ca, String clientAuth, Duration reload)
      throws ConfigException {
    return of(Fields.MEMBER, cert, key, ca, clientAuth, reload);
  }

  /** What the settings are called in a config file, for its error messages. */
  record Fields(String cert, String key, String ca, String clientAuth, String reload, String whose) {
    /** A member's top-level {@code tls*} fields. */
    static final Fields MEMBER = new Fields("tlsCertFile", "tlsKeyFile", "tlsCaFile", "tlsClientAuth",
        "tlsReloadInterval", "member's");
    /** A standalone relay's {@code tls:} block (its own listen and admin ports). */
    static final Fields RELAY = new Fields("tls.certFile", "tls.keyFile", "tls.caFile", "tls.clientAuth",
        "tls.reloadInterval", "relay's");
  }

  /** {@link #of(String, String, String, String, Duration)} with errors naming {@code fields}. */
  static Optional<TlsSettings> of(Fields fields, String cert, String key, String ca, String clientAuth,
      Duration reload) throws ConfigException {
    if (cert == null && key == null && ca == null && clientAuth == null && reload == null) {
      return Optional.empty();
    }
    if (cert == null || key == null) {
      throw new ConfigException((cert == null ? fields.cert() : fields.key()) + " is missing: TLS needs the "
          + fields.whose() + " certificate (" + fields.cert() + ") and its key (" + fields.key() + "); or remove every"
          + " TLS setting to serve plaintext");
    }
    if (ca == null) {
      throw new ConfigException(fields.ca() + " is missing: client certificates (and, for members, other members)"
          + " are verified against a CA bundle; give the PEM of the CA that signed them");
    }
    ClientAuth auth;
    try {
      auth = clientAuth == null ? ClientAuth.REQUIRE : ClientAuth.valueOf(clientAuth.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(fields.clientAuth() + " '" + clientAuth + "' is not one of require, optional, none");
    }
    Duration every = reload == null ? DEFAULT_RELOAD : reload;
    if (every.isNegative() || every.isZero()) {
      throw new ConfigException(fields.reload() + " must be positive, got " + DurationText.format(every));
    }
    for (String[] f : new String[][] {{fields.cert(), cert}, {fields.key(), key}, {fields.ca(), ca}}) {
      if (!Files.isReadable(Path.of(f[1]))) {
        throw new ConfigException(f[0] + " " + f[1] + " does not exist or is not readable");
      }
    }
    TlsSettings settings = new TlsSettings(Path.of(cert), Path.of(key), Path.of(ca), auth, every);
    try (TlsMaterial check = settings.material(false)) {
      return Optional.of(settings);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The files, loaded and watched; {@code asClient}: checking the peer's name too (calls to members). */
  TlsMaterial material(boolean asClient) {
    return TlsMaterial.load(caFile, certFile, keyFile, reload, asClient);
  }
}
