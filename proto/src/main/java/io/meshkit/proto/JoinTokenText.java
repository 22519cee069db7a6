package io.meshkit.proto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text an operator copies to a new machine: {@code mkjoin.<id>.<secret>.<pin>}, where the secret
 * is 128 random bits and the pin is the SHA-256 of the cluster CA certificate (DER), both base64url
 * without padding. The joiner trusts a bootstrap server only if its chain leads to a CA with that
 * hash (like kubeadm's discovery token CA hash), so the secret never goes to an impostor. Shared by
 * the member that issues and checks tokens and the client that joins with one.
 *
 * @param id the token's public id (lower-case letters and digits)
 * @param secret the secret, as text
 * @param caPin base64url SHA-256 of the CA certificate
 */
public record JoinTokenText(String id, String secret, String caPin) {
  public static final String PREFIX = "mkjoin";
  private static final Pattern FORMAT = Pattern.compile(
      "mkjoin\\.([a-z0-9]{6,32})\\.([A-Za-z0-9_-]{22,86})\\.([A-Za-z0-9_-]{43})");
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int ID_LENGTH = 10;
  private static final int SECRET_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new token for the CA with pin {@code caPin}: a random id and secret. */
  public static JoinTokenText generate(String caPin) {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return new JoinTokenText(id.toString(), base64url(secret), caPin);
  }

  /** The token in {@code text} (surrounding white space ignored), or empty when it is not one. */
  public static Optional<JoinTokenText> parse(String text) {
    Matcher m = FORMAT.matcher(text.strip());
    return m.matches() ? Optional.of(new JoinTokenText(m.group(1), m.group(2), m.group(3))) : Optional.empty();
  }

  /** What {@link #parse} accepts, for error messages. */
  public static String expectedForm() {
    return "mkjoin.<id>.<secret>.<ca hash>, as meshctl bootstrap issue printed it";
  }

  /** SHA-256 of the secret: what the cluster stores and compares. */
  public byte[] secretHash() {
    return sha256(secret);
  }

  @Override
  public String toString() {
    return PREFIX + "." + id + "." + secret + "." + caPin;
  }

  /** The pin of a CA certificate: base64url SHA-256 of its DER encoding. */
  public static String pin(byte[] certificateDer) {
    return base64url(digest(certificateDer));
  }

  /** SHA-256 of {@code text}'s UTF-8 bytes (a secret as text). */
  public static byte[] sha256(String text) {
    return digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
