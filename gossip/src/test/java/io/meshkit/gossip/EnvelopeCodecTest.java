package io.meshkit.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.gossip.v1.Envelope;
import io.meshkit.proto.gossip.v1.Ping;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Envelope PING = Envelope.newBuilder().setCluster("c").setFromId("n1").setFromAddress("h:1")
      .setPing(Ping.newBuilder().setSeq(7).setTargetId("n2")).build();

  @Test
  void plainAndSealedRoundTrip() {
    assertEquals(PING, new EnvelopeCodec(null, "c").decode(new EnvelopeCodec(null, "c").encode(PING)).orElseThrow());
    EnvelopeCodec sealed = new EnvelopeCodec(KEY, "c");
    byte[] datagram = sealed.encode(PING);
    assertFalse(new String(datagram, StandardCharsets.ISO_8859_1).contains("n2"), "the content is encrypted");
    assertEquals(PING, sealed.decode(datagram).orElseThrow());
  }

  @Test
  void aWrongKeyATamperedDatagramAndAModeMismatchAreDropped() {
    byte[] datagram = new EnvelopeCodec(KEY, "c").encode(PING);
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    assertTrue(new EnvelopeCodec(otherKey, "c").decode(datagram).isEmpty(), "wrong key");
    assertTrue(new EnvelopeCodec(KEY, "other").decode(datagram).isEmpty(), "sealed for another cluster");
    byte[] tampered = Arrays.copyOf(datagram, datagram.length);
    tampered[tampered.length - 1] ^= 1;
    assertTrue(new EnvelopeCodec(KEY, "c").decode(tampered).isEmpty(), "tampered");
    assertTrue(new EnvelopeCodec(null, "c").decode(datagram).isEmpty(), "sealed datagram at a plain node");
    assertTrue(new EnvelopeCodec(KEY, "c").decode(new EnvelopeCodec(null, "c").encode(PING)).isEmpty(),
        "plain datagram at a keyed node");
    assertTrue(new EnvelopeCodec(null, "c").decode(new byte[] {9, 9, 9}).isEmpty(), "garbage");
  }

  @Test
  void aKeyOfTheWrongSizeIsRefusedWithTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnvelopeCodec(new byte[10], "c"));
    assertTrue(e.getMessage().contains("16, 24 or 32 bytes"), e.getMessage());
  }
}
