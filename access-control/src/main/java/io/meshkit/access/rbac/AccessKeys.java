package io.meshkit.access.rbac;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** RBAC's keys in {@link io.meshkit.raft.Table#ACCESS}: {@code role/}, {@code user/}, {@code token/}, {@code settings}. */
final class AccessKeys {
  static final String ROLE = "role/";
  static final String USER = "user/";
  static final String TOKEN = "token/";
  static final byte[] SETTINGS = bytes("settings");

  private AccessKeys() {}

  static byte[] role(String name) {
    return bytes(ROLE + name);
  }

  static byte[] user(String name) {
    return bytes(USER + name);
  }

  static byte[] token(String id) {
    return bytes(TOKEN + id);
  }

  /** The first key after every key starting with {@code prefix}. */
  static byte[] end(String prefix) {
    byte[] end = bytes(prefix);
    end[end.length - 1]++;
    return end;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static boolean startsWith(byte[] key, String prefix) {
    byte[] p = bytes(prefix);
    return key.length >= p.length && Arrays.equals(key, 0, p.length, p, 0, p.length);
  }
}
