package io.meshkit.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The key a joining machine makes for itself (EC P-256, generated here and never sent) and the PKCS#10
 * request for its certificate: CN = the name, and the subject alternative names asked for.
 *
 * @param keyPem the private key, PEM PKCS#8 (what tlsKeyFile takes)
 * @param csrPem the certificate request, PEM
 */
record JoinCredentials(String keyPem, String csrPem) {
  private static final Pattern DNS = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})");

  /**
   * A new key and its request.
   *
   * @param sans {@code IP:10.0.0.4}, {@code DNS:m4.example}, or a bare address or name (an IP literal is an IP)
   * @throws UsageException for a SAN that is neither
   */
  static JoinCredentials make(String name, List<String> sans) {
    GeneralName[] names = sans.stream().map(JoinCredentials::san).toArray(GeneralName[]::new);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      JcaPKCS10CertificationRequestBuilder csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name),
          pair.getPublic());
      if (names.length > 0) {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        csr.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      return new JoinCredentials(pem(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded())),
          pem(csr.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a key and certificate request: " + e.getMessage(), e);
    }
  }

  private static GeneralName san(String text) {
    String value = text.startsWith("IP:") || text.startsWith("DNS:") ? text.substring(text.indexOf(':') + 1) : text;
    boolean ip = text.startsWith("IP:") || !text.startsWith("DNS:") && looksLikeIp(value);
    if (ip) {
      if (!looksLikeIp(value)) {
        throw new UsageException("--san " + text + ": not an IP address; write IP:10.0.0.4 or DNS:m4.example");
      }
      try {
        return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(value).getHostAddress());
      } catch (UnknownHostException e) {
        throw new UsageException("--san " + text + ": not an IP address (" + e.getMessage() + ")");
      }
    }
    if (!DNS.matcher(value).matches()) {
      throw new UsageException("--san " + text + ": not a DNS name; write DNS:m4.example or IP:10.0.0.4");
    }
    return new GeneralName(GeneralName.dNSName, value);
  }

  /** An IPv4 dotted quad or an IPv6 literal (never resolved through DNS). */
  private static boolean looksLikeIp(String value) {
    return value.matches("\\d{1,3}(\\.\\d{1,3}){3}") || value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(object);
    }
    return out.toString();
  }
}
