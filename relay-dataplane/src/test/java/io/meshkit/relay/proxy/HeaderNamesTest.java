package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Pins: every name the relay acts on is told by its bit in any case, from text and from bytes; others are 0. */
class HeaderNamesTest {
  private static int ofBytes(String name) {
    ByteBuf buf = Unpooled.copiedBuffer("xx" + name + ": v", StandardCharsets.US_ASCII);
    try {
      return HeaderNames.of(buf, 2, name.length());
    } finally {
      buf.release();
    }
  }

  @Test
  void everyKnownNameIsToldByItsBitInAnyCase() {
    for (int bit = 1; bit <= HeaderNames.HTTP2_STREAM_ID; bit <<= 1) {
      String name = HeaderNames.name(bit).toString();
      for (String spelled : new String[] {name, name.toUpperCase(Locale.ROOT), capitalized(name)}) {
        assertEquals(bit, HeaderNames.of(spelled), spelled);
        assertEquals(bit, ofBytes(spelled), spelled);
      }
    }
    assertEquals(HeaderNames.HOP_BY_HOP, HeaderNames.CONNECTION | HeaderNames.KEEP_ALIVE | HeaderNames.PROXY_AUTHENTICATE
        | HeaderNames.PROXY_AUTHORIZATION | HeaderNames.TE | HeaderNames.TRAILER | HeaderNames.TRANSFER_ENCODING
        | HeaderNames.UPGRADE | HeaderNames.PROXY_CONNECTION | HeaderNames.EXPECT);
  }

  @Test
  void otherNamesAreNone() {
    for (String other : new String[] {"", "x", "Hosts", "hos", "connectiom", "x-meshkit-shard-key", "content-type",
        "x-forwarded-fox", "a-very-long-header-name-longer-than-any-known-one"}) {
      assertEquals(0, HeaderNames.of(other), other);
      assertEquals(0, ofBytes(other), other);
    }
  }

  private static String capitalized(String name) {
    StringBuilder b = new StringBuilder(name);
    for (int i = 0; i < b.length(); i++) {
      if (i == 0 || b.charAt(i - 1) == '-') {
        b.setCharAt(i, Character.toUpperCase(b.charAt(i)));
      }
    }
    return b.toString();
  }
}
