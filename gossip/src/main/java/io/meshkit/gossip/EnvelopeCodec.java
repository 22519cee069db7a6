package io.meshkit.gossip;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.gossip.v1.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Datagram format: one version byte (1), one mode byte (0 plain, 1 AES-GCM), then the envelope — or,
 * encrypted, a 12-byte random nonce and the AES-GCM ciphertext of the envelope with its 16-byte tag,
 * authenticated together with the cluster name. A node with a key accepts only datagrams sealed
 * with it; a node without one accepts only plain ones. Anything else is dropped (the caller counts
 * it), never an exception on the receive path.
 */
public final class EnvelopeCodec {
  /** Above this a datagram is not sent (UDP's practical limit on loopback and most LANs with fragmentation). */
  public static final int MAX_DATAGRAM_BYTES = 60_000;
  private static final byte VERSION = 1;
  private static final byte PLAIN = 0;
  private static final byte SEALED = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final byte[] associated;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key 16, 24 or 32 bytes for AES-128/192/256, or null for plain datagrams (dev clusters)
   * @param cluster authenticated with every sealed datagram
   */
  public EnvelopeCodec(byte[] key, String cluster) {
    if (key != null && key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("the gossip key is " + key.length + " bytes; use 16, 24 or 32 bytes "
          + "(e.g. `openssl rand -base64 32`)");
    }
    this.key = key == null ? null : new SecretKeySpec(key.clone(), "AES");
    this.associated = cluster.getBytes(StandardCharsets.UTF_8);
  }

  public boolean encrypted() {
    return key != null;
  }

  public byte[] encode(Envelope envelope) {
    byte[] payload = envelope.toByteArray();
    if (key == null) {
      return ByteBuffer.allocate(2 + payload.length).put(VERSION).put(PLAIN).put(payload).array();
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated);
      byte[] sealed = cipher.doFinal(payload);
      return ByteBuffer.allocate(2 + NONCE_BYTES + sealed.length).put(VERSION).put(SEALED).put(nonce).put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
    }
  }

  /** The envelope, or empty when the datagram is malformed, of the wrong mode, or fails authentication. */
  public Optional<Envelope> decode(byte[] datagram) {
    if (datagram.length < 2 || datagram[0] != VERSION) {
      return Optional.empty();
    }
    try {
      if (datagram[1] == PLAIN && key == null) {
        return Optional.of(Envelope.parseFrom(ByteBuffer.wrap(datagram, 2, datagram.length - 2)));
      }
      if (datagram[1] == SEALED && key != null && datagram.length > 2 + NONCE_BYTES) {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, datagram, 2, NONCE_BYTES));
        cipher.updateAAD(associated);
        byte[] plain = cipher.doFinal(datagram, 2 + NONCE_BYTES, datagram.length - 2 - NONCE_BYTES);
        return Optional.of(Envelope.parseFrom(plain));
      }
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
