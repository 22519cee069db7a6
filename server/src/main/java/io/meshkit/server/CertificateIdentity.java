package io.meshkit.server;

import io.meshkit.raft.edge.Caller;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The identity a verified client certificate carries, read the way Kubernetes reads one: the subject's
 * common name (CN) is the user, its organization (O) values are groups. A certificate without a CN is
 * named by its first DNS subject alternative name. Only certificates the TLS handshake verified against
 * the member's CA bundle reach here.
 */
final class CertificateIdentity {
  private static final int SAN_DNS = 2;

  private CertificateIdentity() {}

  /** The caller behind {@code session}'s client certificate, or empty without TLS or a certificate. */
  static Optional<Caller> of(SSLSession session, String address) {
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      return Optional.empty();
    }
    return of(leaf, address);
  }

  /** The caller {@code leaf} names, or empty when it names nobody (no CN and no DNS SAN). */
  static Optional<Caller> of(X509Certificate leaf, String address) {
    List<String> names = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(String.valueOf(rdn.getValue()));
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    String name = names.isEmpty() ? firstDnsName(leaf) : names.get(0);
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Caller(name, groups, Caller.Kind.CERTIFICATE, address));
  }

  private static String firstDnsName(X509Certificate leaf) {
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans == null) {
        return null;
      }
      for (List<?> san : sans) {
        if (san.size() >= 2 && Integer.valueOf(SAN_DNS).equals(san.get(0))) {
          return String.valueOf(san.get(1));
        }
      }
      return null;
    } catch (CertificateParsingException e) {
      return null;
    }
  }
}
