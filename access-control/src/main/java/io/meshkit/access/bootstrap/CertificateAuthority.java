package io.meshkit.access.bootstrap;

import io.meshkit.proto.JoinTokenText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The cluster CA as a member that holds its private key sees it ({@code tlsCaKeyFile}): it signs the
 * certificates joins ask for. Issued certificates name the joiner (CN) and the token's role (O), carry
 * the request's DNS and IP names, may authenticate clients — and, for role {@code member}, servers —
 * and never outlive the CA. Thread-safe (immutable).
 */
public final class CertificateAuthority {
  private static final SecureRandom SERIALS = new SecureRandom();
  /** Issued certificates start a little in the past, for joiners whose clocks run behind. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /**
   * The CA whose key is in {@code keyFile} (PEM PKCS#8, unencrypted), with its certificate taken from
   * {@code bundle} (the member's CA bundle: the certificate whose public key belongs to the key).
   *
   * @throws IllegalArgumentException naming the file and the fix when a file cannot be read, the key is
   *     not PKCS#8, no certificate of the bundle belongs to the key, or that certificate is not a CA
   */
  public static CertificateAuthority load(Path keyFile, Path bundle) {
    PrivateKey key = readKey(keyFile);
    List<X509Certificate> certificates = readCertificates(bundle);
    X509Certificate ca = certificates.stream().filter(c -> matches(key, c)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("the CA key " + keyFile + " belongs to none of the " + certificates.size()
            + " certificates in the CA bundle " + bundle + ": give the key of the CA that signs the members' "
            + "certificates, and keep that CA in the bundle"));
    if (ca.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("the certificate of the key " + keyFile + " in " + bundle + " is not a CA "
          + "(no basicConstraints CA:TRUE): give the key of the CA itself");
    }
    return new CertificateAuthority(ca, key);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The pin join tokens carry: base64url SHA-256 of the CA certificate. */
  public String pin() {
    try {
      return JoinTokenText.pin(certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("the CA certificate cannot be encoded", e);
    }
  }

  /**
   * Signs a certificate for {@code request}'s key.
   *
   * @param name the subject's CN
   * @param role the subject's O; {@code member} may also serve (serverAuth)
   * @param now the start of its validity (backdated a few minutes)
   */
  public X509Certificate issue(CertificateRequest request, String name, String role, Duration validity, Instant now) {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, role).addRDN(BCStyle.CN, name);
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    KeyPurposeId[] purposes = role.equals(JoinTokenLimits.MEMBER)
        ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
        : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
    int usage = KeyUsage.digitalSignature | (request.publicKey().getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment
        : 0);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, new BigInteger(127, SERIALS).add(
          BigInteger.ONE), Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject.build(), request.publicKey())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(request.publicKey()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      if (!request.sans().isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(request.sans().toArray(
            new GeneralName[0])));
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(new org.bouncycastle.operator.jcajce
          .JcaContentSignerBuilder(signatureAlgorithm()).build(key)));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("signing a certificate for " + name + " failed: " + e.getMessage(), e);
    }
  }

  private String signatureAlgorithm() {
    return key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
  }

  /** PEM of {@code certificates}, in order. */
  public static String pem(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      for (X509Certificate c : certificates) {
        w.writeObject(new JcaMiscPEMGenerator(c));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write PEM: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static PrivateKey readKey(Path file) {
    Object parsed;
    try (Reader in = Files.newBufferedReader(file); PEMParser parser = new PEMParser(in)) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the CA key " + file + " cannot be read (" + e.getMessage()
          + "): fix tlsCaKeyFile", e);
    }
    if (!(parsed instanceof PrivateKeyInfo info)) {
      throw new IllegalArgumentException("the CA key " + file + " is not an unencrypted PKCS#8 PEM key; convert it "
          + "with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException("the CA key " + file + " cannot be used: " + e.getMessage(), e);
    }
  }

  /** The certificates of a PEM bundle. */
  public static List<X509Certificate> readCertificates(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      List<X509Certificate> list = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(c -> (X509Certificate) c).toList();
      if (list.isEmpty()) {
        throw new IllegalArgumentException("the CA bundle " + bundle + " holds no certificate");
      }
      return list;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the CA bundle " + bundle + " cannot be read as PEM certificates: "
          + e.getMessage(), e);
    }
  }

  /** Whether {@code key} signs what {@code cert}'s public key verifies. */
  private static boolean matches(PrivateKey key, Certificate cert) {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    if (!cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      SERIALS.nextBytes(probe);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      return verify.verify(sign.sign());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
