package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;

/**
 * Reading an HTTP/1.1 message head where it lies, in a {@link ByteBuf}: line ends, the whitespace around
 * values, lengths, {@code Connection} tokens, and which bytes a header name or value may hold. Shared by
 * the two heads the relay reads as bytes, {@link AnswerHead} and {@link RequestHead}; each method is
 * strict (RFC 9110 / 9112 without the obsolete forms), so that what it refuses goes to Netty's decoder.
 */
final class HeadBytes {
  static final byte CR = '\r';
  static final byte LF = '\n';
  private static final AsciiString CLOSE = AsciiString.cached("close");
  private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
  /** tchar (RFC 9110 5.6.2): the bytes a header name (a token) is made of. */
  private static final boolean[] TOKEN = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  private HeadBytes() {}

  /** Whether {@code buf}'s 8 bytes at {@code at} are {@code HTTP/1.1}. */
  static boolean http11(ByteBuf buf, int at) {
    return buf.getByte(at) == 'H' && buf.getByte(at + 1) == 'T' && buf.getByte(at + 2) == 'T'
        && buf.getByte(at + 3) == 'P' && buf.getByte(at + 4) == '/' && buf.getByte(at + 5) == '1'
        && buf.getByte(at + 6) == '.' && buf.getByte(at + 7) == '1';
  }

  /** The index of the LF ending the line at {@code start} (it must follow a CR), -1 if there is none. */
  static int lineEnd(ByteBuf buf, int start, int end) {
    int lf = buf.indexOf(start, end, LF);
    return lf > start && buf.getByte(lf - 1) == CR ? lf : -1;
  }

  /**
   * The index of the colon after the header name that starts at {@code start}, when the name is a token of
   * one byte or more and the colon follows it at once; -1 otherwise (no whitespace before the colon: RFC
   * 9112 5.1, a request with it must be refused, and Netty refuses it).
   */
  static int tokenThenColon(ByteBuf buf, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = buf.getByte(i);
      if (b == ':') {
        return i > start ? i : -1;
      }
      if (b < 0 || !TOKEN[b]) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether {@code [from, to)} holds only visible US-ASCII, spaces and tabs: a field value without
   * control characters (a bare CR or LF, NUL) and without obs-text.
   */
  static boolean plainValue(ByteBuf buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buf.getByte(i);
      if ((b < ' ' && b != '\t') || b >= 0x7f) { // byte is signed: obs-text is negative
        return false;
      }
    }
    return true;
  }

  static int skipSpaces(ByteBuf buf, int from, int to) {
    while (from < to && isSpace(buf.getByte(from))) {
      from++;
    }
    return from;
  }

  static int trimSpaces(ByteBuf buf, int from, int to) {
    while (to > from && isSpace(buf.getByte(to - 1))) {
      to--;
    }
    return to;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** A Content-Length value; -1 when it is not digits alone (or too long to be a length). */
  static long decimal(ByteBuf buf, int from, int to) {
    if (from == to || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = buf.getByte(i);
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  /**
   * A {@code Connection} value of {@code close} and {@code keep-alive} tokens only: 1 when {@code close} is
   * among them, 0 when not; -1 when it names anything else (those headers would have to go too).
   */
  static int connectionTokens(ByteBuf buf, int from, int to) {
    int close = 0;
    for (int start = from; start <= to; ) {
      int comma = buf.indexOf(start, to, (byte) ',');
      int tokenEnd = comma < 0 ? to : comma;
      int a = skipSpaces(buf, start, tokenEnd);
      int b = trimSpaces(buf, a, tokenEnd);
      if (HeaderNames.equalsIgnoreCase(buf, a, b - a, CLOSE)) {
        close = 1;
      } else if (b > a && !HeaderNames.equalsIgnoreCase(buf, a, b - a, KEEP_ALIVE)) {
        return -1;
      }
      start = tokenEnd + 1;
    }
    return close;
  }
}
