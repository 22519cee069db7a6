package io.meshkit.server;

import io.meshkit.access.bootstrap.CertificateAuthority;
import io.meshkit.access.bootstrap.JoinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A member's part in bootstrap joins, validated: the cluster CA it signs with ({@code tlsCaKeyFile}, loaded
 * once at start), the address of its bootstrap port ({@code bootstrapAddress}: TLS without client
 * certificates, serving only Join; empty = off) and how long the certificates it issues are valid
 * ({@code joinCertificateValidity}).
 */
public record BootstrapConfig(Optional<CertificateAuthority> authority, String address, Duration certificateValidity) {
  static final Duration MAX_VALIDITY = Duration.ofDays(3650);

  static BootstrapConfig off() {
    return new BootstrapConfig(Optional.empty(), "", JoinSettings.DEFAULT_CERTIFICATE_VALIDITY);
  }

  /**
   * @throws ConfigException naming the field and the fix: a CA key or bootstrap address without TLS, a
   *     bootstrap address without the CA key, a CA key that does not load or belongs to no CA of the
   *     bundle, a validity that is not positive or above ten years
   */
  static BootstrapConfig of(String caKeyFile, String address, Duration validity, Optional<TlsSettings> tls)
      throws ConfigException {
    String bootstrap = address == null ? "" : address.strip();
    if (caKeyFile == null && bootstrap.isEmpty() && validity == null) {
      return off();
    }
    if (tls.isEmpty()) {
      throw new ConfigException((caKeyFile != null ? "tlsCaKeyFile" : !bootstrap.isEmpty() ? "bootstrapAddress"
          : "joinCertificateValidity") + " needs TLS: joins hand out certificates of the cluster CA; set "
          + "tlsCertFile, tlsKeyFile and tlsCaFile first (docs/security.md)");
    }
    if (!bootstrap.isEmpty() && caKeyFile == null) {
      throw new ConfigException("bootstrapAddress needs tlsCaKeyFile: the bootstrap port serves joins, and only a "
          + "member with the CA's key can sign their certificates");
    }
    Duration every = validity == null ? JoinSettings.DEFAULT_CERTIFICATE_VALIDITY : validity;
    if (every.isNegative() || every.isZero() || every.compareTo(MAX_VALIDITY) > 0) {
      throw new ConfigException("joinCertificateValidity must be positive and at most 3650d, got "
          + DurationText.format(every));
    }
    if (!bootstrap.isEmpty()) {
      Addresses.check(bootstrap, "bootstrapAddress");
    }
    Optional<CertificateAuthority> authority = Optional.empty();
    if (caKeyFile != null) {
      if (!Files.isReadable(Path.of(caKeyFile))) {
        throw new ConfigException("tlsCaKeyFile " + caKeyFile + " does not exist or is not readable");
      }
      try {
        authority = Optional.of(CertificateAuthority.load(Path.of(caKeyFile), tls.get().caFile()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("tlsCaKeyFile: " + e.getMessage());
      }
    }
    return new BootstrapConfig(authority, bootstrap, every);
  }
}
