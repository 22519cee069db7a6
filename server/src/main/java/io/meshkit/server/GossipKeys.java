package io.meshkit.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Reads the gossip key file: base64 of 16, 24 or 32 bytes (AES-128/192/256). */
final class GossipKeys {
  private GossipKeys() {}

  /** The key, or null when no file is configured. */
  static byte[] read(String file) throws ConfigException {
    if (file == null || file.isBlank()) {
      return null;
    }
    String text;
    try {
      text = Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new ConfigException("gossipKeyFile " + file + " cannot be read (" + e.getMessage()
          + "): fix the path or its permissions");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gossipKeyFile " + file + " is not base64: write one with "
          + "`openssl rand -base64 32 > " + file + "`");
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new ConfigException("gossipKeyFile " + file + " holds a " + key.length + "-byte key: use 16, 24 or 32 "
          + "bytes (`openssl rand -base64 32`)");
    }
    return key;
  }
}
