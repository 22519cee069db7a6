package io.meshkit.access.rbac;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The text of a bearer token, {@code mktok.<id>.<secret>}: a public id (what lists and audit show)
 * and a 256-bit secret of which the cluster keeps only the SHA-256.
 */
public final class BearerTokens {
  static final String PREFIX = "mktok.";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** A parsed token: its id and its secret. */
  public record Parsed(String id, String secret) {}

  private BearerTokens() {}

  /** A fresh random id (16 of a-z0-9). */
  public static String newId() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }

  /** A fresh random secret (256 bits, base64url). */
  public static String newSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  public static String format(String id, String secret) {
    return PREFIX + id + "." + secret;
  }

  /** Splits a token's text; empty when it is not shaped like one. */
  public static Optional<Parsed> parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = text.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(rest.substring(0, dot), rest.substring(dot + 1)));
  }

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
