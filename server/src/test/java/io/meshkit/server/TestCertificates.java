package io.meshkit.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for TLS tests, made with the openssl command line: a CA, and leaf
 * certificates it signs that name 127.0.0.1 and localhost and may serve and call (serverAuth,
 * clientAuth), each with its PKCS#8 key — the PEM files a member or a client is configured with.
 */
public final class TestCertificates {
  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A new CA in {@code dir} ({@code ca.pem}, {@code ca.key}). */
  public static TestCertificates authority(Path dir) throws Exception {
    Files.createDirectories(dir);
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=meshkit-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new TestCertificates(dir);
  }

  public Path ca() {
    return dir.resolve("ca.pem");
  }

  /** The CA's private key (PKCS#8 PEM: what a member's tlsCaKeyFile takes). */
  public Path caKey() {
    return dir.resolve("ca.key");
  }

  /** A leaf {@code name}.pem / {@code name}.key with serial number {@code serial}, subject CN={@code name}. */
  public Path[] issue(String name, long serial) throws Exception {
    return issue(name, serial, "/CN=" + name);
  }

  /** A leaf {@code name}.pem / {@code name}.key with an openssl-style {@code subject}: {@code /CN=alice/O=viewer}. */
  public Path[] issue(String name, long serial, String subject) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        + "extendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n");
    openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key");
    openssl(dir, "req", "-new", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
    openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
        Long.toString(serial), "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
    return new Path[] {dir.resolve(name + ".pem"), dir.resolve(name + ".key")};
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
