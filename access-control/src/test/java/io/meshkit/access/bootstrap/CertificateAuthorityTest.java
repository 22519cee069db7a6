package io.meshkit.access.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.JoinTokenText;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cluster CA signs for a join, and which certificate requests it refuses. */
class CertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  @TempDir
  Path dir;
  private X509Certificate caCert;
  private CertificateAuthority ca;

  @BeforeEach
  void makeCa() throws Exception {
    KeyPair caKeys = ec();
    caCert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(
        "CN=test-ca"), BigInteger.ONE, Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(30))),
        new X500Name("CN=test-ca"), caKeys.getPublic()).addExtension(Extension.basicConstraints, true,
        new BasicConstraints(true)).build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    Path bundle = Files.writeString(dir.resolve("ca.pem"), pem(caCert));
    Path key = Files.writeString(dir.resolve("ca.key"), pem(new PemObject("PRIVATE KEY",
        caKeys.getPrivate().getEncoded())));
    ca = CertificateAuthority.load(key, bundle);
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static String pem(Object o) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  /** A CSR for {@code keys} asking for {@code sans}, signed by {@code signer}. */
  private static String csr(KeyPair keys, KeyPair signer, GeneralName... sans) throws Exception {
    JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"),
        keys.getPublic());
    if (sans.length > 0) {
      ExtensionsGenerator e = new ExtensionsGenerator();
      e.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, e.generate());
    }
    return pem(b.build(new JcaContentSignerBuilder(signer.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA"
        : "SHA256withECDSA").build(signer.getPrivate())));
  }

  @Test
  void aMemberCertificateNamesTheJoinerAndRoleAndMayServeAndCall() throws Exception {
    KeyPair joiner = ec();
    CertificateRequest request = CertificateRequest.parse(csr(joiner, joiner,
        new GeneralName(GeneralName.iPAddress, "10.0.0.4"), new GeneralName(GeneralName.dNSName, "n4.example")));
    assertEquals(List.of("IP:10.0.0.4", "DNS:n4.example"), request.sanText());
    X509Certificate cert = ca.issue(request, "n4", "member", Duration.ofDays(7), NOW);
    cert.verify(caCert.getPublicKey());
    assertEquals(joiner.getPublic(), cert.getPublicKey());
    assertEquals("CN=n4,O=member", cert.getSubjectX500Principal().getName());
    assertEquals(caCert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), cert.getExtendedKeyUsage());
    assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    assertEquals(NOW.minus(Duration.ofMinutes(5)), cert.getNotBefore().toInstant());
    assertEquals(NOW.plus(Duration.ofDays(7)), cert.getNotAfter().toInstant());
  }

  @Test
  void otherRolesOnlyCallAndNoCertificateOutlivesTheCa() throws Exception {
    KeyPair joiner = ec();
    X509Certificate cert = ca.issue(CertificateRequest.parse(csr(joiner, joiner)), "relay-1", "relay",
        Duration.ofDays(90), NOW);
    assertEquals(List.of(CLIENT_AUTH), cert.getExtendedKeyUsage());
    assertEquals(caCert.getNotAfter(), cert.getNotAfter(), "capped at the CA's end");
  }

  @Test
  void thePinIsTheBase64urlSha256OfTheCaCertificate() throws Exception {
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(caCert.getEncoded())), ca.pin());
    assertEquals(JoinTokenText.pin(caCert.getEncoded()), ca.pin());
  }

  @Test
  void badRequestsAreRefusedSayingWhy() throws Exception {
    KeyPair joiner = ec();
    assertRefused("not a csr", "it holds no CERTIFICATE REQUEST");
    assertRefused(csr(joiner, ec()), "its signature does not verify");
    assertRefused(csr(joiner, joiner, new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://x/y")),
        "only DNS names and IP addresses");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPair weak = rsa.generateKeyPair();
    assertRefused(csr(weak, weak), "its RSA key has 1024 bits");
  }

  private static void assertRefused(String pem, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateRequest.parse(pem));
    assertTrue(e.getMessage().startsWith("the certificate request (CSR) is refused: ") && e.getMessage().contains(why),
        e.getMessage());
  }

  @Test
  void aKeyOfNoCaInTheBundleIsRefused() throws Exception {
    Path stranger = Files.writeString(dir.resolve("other.key"), pem(new PemObject("PRIVATE KEY",
        ec().getPrivate().getEncoded())));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificateAuthority.load(stranger, dir.resolve("ca.pem")));
    assertTrue(e.getMessage().contains("belongs to none of the 1 certificates"), e.getMessage());
  }
}
