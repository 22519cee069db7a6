package io.meshkit.access.bootstrap;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A PKCS#10 certificate request a joiner sent, checked: it parses, its signature verifies with the key
 * it carries (the joiner holds that key), the key is RSA of at least 2048 bits or EC, and its subject
 * alternative names are DNS names and IP addresses only. Its subject is ignored: the certificate names
 * the joiner as the join request says, with the token's role.
 *
 * @param publicKey the key the certificate is for
 * @param sans its DNS and IP subject alternative names, in request order
 */
public record CertificateRequest(PublicKey publicKey, List<GeneralName> sans) {
  private static final int MAX_SANS = 32;
  private static final int MIN_RSA_BITS = 2048;

  /**
   * Reads and checks {@code pem}.
   *
   * @throws IllegalArgumentException saying what is wrong with the request and how to make a good one
   */
  public static CertificateRequest parse(String pem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw bad("it is not PEM (" + e.getMessage() + ")");
    }
    if (!(parsed instanceof PKCS10CertificationRequest request)) {
      throw bad("it holds no CERTIFICATE REQUEST");
    }
    PublicKey key;
    try {
      key = new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw bad("its signature does not verify with the key it carries");
      }
    } catch (OperatorCreationException | PKCSException | IOException e) {
      throw bad("its key or signature cannot be read (" + e.getMessage() + ")");
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw bad("its RSA key has " + rsa.getModulus().bitLength() + " bits; use at least " + MIN_RSA_BITS + " or EC");
    }
    if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
      throw bad("its key is " + key.getAlgorithm() + "; use EC (P-256) or RSA");
    }
    return new CertificateRequest(key, sans(request));
  }

  private static List<GeneralName> sans(PKCS10CertificationRequest request) {
    List<GeneralName> sans = new ArrayList<>();
    for (Attribute a : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions extensions = Extensions.getInstance(a.getAttrValues().getObjectAt(0));
      Extension san = extensions.getExtension(Extension.subjectAlternativeName);
      if (san == null) {
        continue;
      }
      for (GeneralName name : GeneralNames.getInstance(ASN1OctetString.getInstance(san.getExtnValue()).getOctets())
          .getNames()) {
        if (name.getTagNo() != GeneralName.dNSName && name.getTagNo() != GeneralName.iPAddress) {
          throw bad("it asks for a subject alternative name of type " + name.getTagNo()
              + "; only DNS names and IP addresses are issued");
        }
        sans.add(name);
      }
    }
    if (sans.size() > MAX_SANS) {
      throw bad("it asks for " + sans.size() + " subject alternative names; at most " + MAX_SANS);
    }
    return List.copyOf(sans);
  }

  /** The names as text ({@code DNS:m4.example}, {@code IP:10.0.0.4}), for logs. */
  public List<String> sanText() {
    return sans.stream().map(CertificateRequest::text).toList();
  }

  private static String text(GeneralName name) {
    if (name.getTagNo() == GeneralName.dNSName) {
      return "DNS:" + name.getName();
    }
    try {
      return "IP:" + InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets())
          .getHostAddress();
    } catch (UnknownHostException e) {
      return "IP:?";
    }
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException("the certificate request (CSR) is refused: " + why + "; meshctl bootstrap "
        + "join makes a good one (or: openssl req -new -key KEY -subj /CN=NAME -addext subjectAltName=IP:ADDR)");
  }
}
