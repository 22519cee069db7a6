package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;

/**
 * The header names the relay acts on, each with a bit, and the way to tell which one a name is (ASCII
 * case ignored): by its length first, so a name costs the comparisons with the known names of its
 * length — usually none or one — rather than one per known name. It runs for every header of every
 * request and answer.
 */
final class HeaderNames {
  // Hop-by-hop (RFC 9110 7.6.1, and what proxies send as such): bits 0-9.
  static final int CONNECTION = 1;
  static final int KEEP_ALIVE = 1 << 1;
  static final int PROXY_AUTHENTICATE = 1 << 2;
  static final int PROXY_AUTHORIZATION = 1 << 3;
  static final int TE = 1 << 4;
  static final int TRAILER = 1 << 5;
  static final int TRANSFER_ENCODING = 1 << 6;
  static final int UPGRADE = 1 << 7;
  static final int PROXY_CONNECTION = 1 << 8;
  static final int EXPECT = 1 << 9;
  /** Every hop-by-hop bit. */
  static final int HOP_BY_HOP = (1 << 10) - 1;
  // End to end, read or set by the relay.
  static final int HOST = 1 << 10;
  static final int CONTENT_LENGTH = 1 << 11;
  static final int FORWARDED_FOR = 1 << 12;
  static final int FORWARDED_HOST = 1 << 13;
  static final int FORWARDED_PROTO = 1 << 14;
  static final int ROUTE_REVISION = 1 << 15;
  static final int ROUTE_EPOCH = 1 << 16;
  static final int SHARD = 1 << 17;
  static final int SHARD_EPOCH = 1 << 18;
  /** Netty's HTTP/2 → HTTP/1 conversion marks every converted message with it. */
  static final int HTTP2_STREAM_ID = 1 << 19;
  /** The prefix of every name Netty's HTTP/2 conversion adds ({@code x-http2-stream-id}, {@code -scheme}, ...). */
  static final AsciiString HTTP2_PREFIX = AsciiString.cached("x-http2-");

  /** The names, by bit number: element i is the name of bit {@code 1 << i}. */
  private static final AsciiString[] NAMES = {
      HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE,
      HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING,
      HttpHeaderNames.UPGRADE, AsciiString.cached("proxy-connection"), HttpHeaderNames.EXPECT,
      HttpHeaderNames.HOST, HttpHeaderNames.CONTENT_LENGTH, AsciiString.cached("x-forwarded-for"),
      AsciiString.cached("x-forwarded-host"), AsciiString.cached("x-forwarded-proto"),
      AsciiString.cached("x-meshkit-route-revision"), AsciiString.cached("x-meshkit-route-epoch"),
      AsciiString.cached("x-meshkit-shard"), AsciiString.cached("x-meshkit-shard-epoch"),
      HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text()};
  /** By name length: the bit numbers of the names of that length. */
  private static final int[][] BY_LENGTH = byLength();

  private HeaderNames() {}

  /** The name of {@code bit} (one of the constants). */
  static AsciiString name(int bit) {
    return NAMES[Integer.numberOfTrailingZeros(bit)];
  }

  /** The bit of {@code name}; 0 for a name the relay does not act on. */
  static int of(CharSequence name) {
    int length = name.length();
    if (length < BY_LENGTH.length) {
      for (int i : BY_LENGTH[length]) {
        if (NAMES[i].contentEqualsIgnoreCase(name)) {
          return 1 << i;
        }
      }
    }
    return 0;
  }

  /** The bit of the name in {@code buf}'s {@code length} bytes at {@code at}; 0 for a name the relay does not act on. */
  static int of(ByteBuf buf, int at, int length) {
    if (length < BY_LENGTH.length) {
      for (int i : BY_LENGTH[length]) {
        if (startsWithIgnoreCase(buf, at, length, NAMES[i])) {
          return 1 << i;
        }
      }
    }
    return 0;
  }

  /** Whether {@code buf}'s {@code length} bytes at {@code at} begin with {@code prefix} (ASCII), ASCII case ignored. */
  static boolean startsWithIgnoreCase(ByteBuf buf, int at, int length, CharSequence prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (lower(buf.getByte(at + i)) != lower(prefix.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code buf}'s {@code length} bytes at {@code at} are {@code word} (ASCII), ASCII case ignored. */
  static boolean equalsIgnoreCase(ByteBuf buf, int at, int length, CharSequence word) {
    return length == word.length() && startsWithIgnoreCase(buf, at, length, word);
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  private static int[][] byLength() {
    int longest = 0;
    for (AsciiString n : NAMES) {
      longest = Math.max(longest, n.length());
    }
    int[][] table = new int[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      int count = 0;
      for (AsciiString n : NAMES) {
        count += n.length() == length ? 1 : 0;
      }
      table[length] = new int[count];
      for (int i = 0, k = 0; i < NAMES.length; i++) {
        if (NAMES[i].length() == length) {
          table[length][k++] = i;
        }
      }
    }
    return table;
  }
}
