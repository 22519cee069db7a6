package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.util.AsciiString;

/**
 * The head of an HTTP/1.1 backend answer as it came (status line, header lines, blank line), read once
 * for what the relay must know: the status, whether the backend keeps the connection, how the body is
 * framed, and which header lines are hop-by-hop. {@link ProxyHeaders#incoming(AnswerHead,
 * io.netty.buffer.ByteBufAllocator, io.meshkit.relay.routing.RoutingTable, io.meshkit.relay.routing.Route,
 * boolean, boolean)} copies the rest to the client as bytes.
 *
 * <p>Only a plain answer is taken: {@link #parse} returns null for anything whose bytes cannot go on as
 * they are — another version than HTTP/1.1, an interim (1xx) status, a body delimited by the close, a
 * {@code Connection} naming other headers, folded lines, more than one or an invalid
 * {@code Content-Length}, both framings, a transfer coding other than chunked alone, headers the relay
 * sets itself ({@code x-meshkit-*}) or Netty's HTTP/2 conversion names, more than 63 lines, a 205, or a
 * 204 / 304 with framing headers Netty's encoder would rewrite. Such an answer goes to Netty's decoder
 * instead, with the same result, more slowly.
 *
 * <p>The header lines that go on are the backend's bytes: its spelling of names and of the whitespace
 * around values, and its reason phrase (or none), are kept, where decoding and encoding again would
 * write {@code name: value} with single spaces. Both are the same message (RFC 9110 5.5, RFC 9112 4).
 */
final class AnswerHead extends DefaultByteBufHolder {
  /** How the body after the head ends. */
  enum Framing {
    /** No body (204, 304). */
    NONE,
    /** {@code Content-Length} bytes. */
    LENGTH,
    /** Chunks, up to the last chunk and the trailer section. */
    CHUNKED
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final int STATUS_LINE_PREFIX = "HTTP/1.1 ".length();
  private static final AsciiString CHUNKED = AsciiString.cached("chunked");
  private static final AsciiString CLOSE = AsciiString.cached("close");
  private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
  private static final AsciiString MESHKIT_PREFIX = AsciiString.cached("x-meshkit-");
  private static final AsciiString HTTP2_PREFIX = AsciiString.cached("x-http2-");

  private final int status;
  private final boolean keepAlive;
  private final Framing framing;
  private final long length;
  /** Bit i set: header line i (0 = the first after the status line) is hop-by-hop and stays behind. */
  private final long dropped;

  private AnswerHead(ByteBuf head, int status, boolean keepAlive, Framing framing, long length, long dropped) {
    super(head);
    this.status = status;
    this.keepAlive = keepAlive;
    this.framing = framing;
    this.length = length;
    this.dropped = dropped;
  }

  int status() {
    return status;
  }

  /** The backend keeps the connection open after this answer. */
  boolean keepAlive() {
    return keepAlive;
  }

  Framing framing() {
    return framing;
  }

  /** The body's length when {@link #framing} is {@link Framing#LENGTH}. */
  long length() {
    return length;
  }

  /** Whether header line {@code line} (0 = the first after the status line) stays behind. */
  boolean dropped(int line) {
    return line < Long.SIZE && (dropped & (1L << line)) != 0;
  }

  /**
   * Reads the head in {@code buf}'s bytes {@code [from, from + length)} (it ends with the blank line);
   * the answer keeps a retained slice of them. Null: not a plain answer (see the class comment);
   * nothing was retained.
   */
  static AnswerHead parse(ByteBuf buf, int from, int length) {
    int end = from + length;
    if (length < STATUS_LINE_PREFIX + 5 || !startsWithHttp11(buf, from)) {
      return null;
    }
    int status = digit(buf, from + 9) * 100 + digit(buf, from + 10) * 10 + digit(buf, from + 11);
    byte afterStatus = buf.getByte(from + 12);
    if (status < 200 || status > 999 || (afterStatus != ' ' && afterStatus != CR)) {
      return null;
    }
    int line = lineEnd(buf, from, end);
    if (line < 0) {
      return null;
    }
    boolean keepAlive = true;
    boolean chunked = false;
    long contentLength = -1;
    long dropped = 0;
    for (int index = 0, start = line + 1; ; index++) {
      int lf = lineEnd(buf, start, end);
      if (lf < 0) {
        return null;
      }
      if (lf == start + 1) {
        break; // the blank line
      }
      byte first = buf.getByte(start);
      int colon = buf.indexOf(start, lf, (byte) ':');
      if (index >= Long.SIZE - 1 || first == ' ' || first == '\t' || colon <= start) {
        return null;
      }
      byte last = buf.getByte(colon - 1);
      if (last == ' ' || last == '\t') {
        return null;
      }
      int nameLength = colon - start;
      int valueFrom = skipSpaces(buf, colon + 1, lf - 1);
      int valueTo = trimSpaces(buf, valueFrom, lf - 1);
      int kind = HeaderNames.of(buf, start, nameLength);
      if (kind == HeaderNames.CONNECTION) {
        int tokens = connectionTokens(buf, valueFrom, valueTo);
        if (tokens < 0) {
          return null;
        }
        keepAlive &= tokens == 0;
        dropped |= 1L << index;
      } else if (kind == HeaderNames.TRANSFER_ENCODING) {
        if (chunked || !HeaderNames.equalsIgnoreCase(buf, valueFrom, valueTo - valueFrom, CHUNKED)) {
          return null;
        }
        chunked = true; // the body goes on in the backend's chunks; the line is written anew (as Netty would)
        dropped |= 1L << index;
      } else if ((kind & HeaderNames.HOP_BY_HOP) != 0) {
        dropped |= 1L << index;
      } else if (kind == HeaderNames.CONTENT_LENGTH) {
        if (contentLength >= 0 || (contentLength = decimal(buf, valueFrom, valueTo)) < 0) {
          return null;
        }
      } else if (HeaderNames.startsWithIgnoreCase(buf, start, nameLength, MESHKIT_PREFIX)
          || HeaderNames.startsWithIgnoreCase(buf, start, nameLength, HTTP2_PREFIX)) {
        return null;
      }
      start = lf + 1;
    }
    Framing framing;
    if (status == 205 || (status == 204 && (chunked || contentLength >= 0)) || (status == 304 && chunked)) {
      return null; // Netty's encoder rewrites these framing headers; it does so on the objects path
    } else if (status == 204 || status == 304) {
      framing = Framing.NONE;
    } else if (chunked) {
      if (contentLength >= 0) {
        return null;
      }
      framing = Framing.CHUNKED;
    } else if (contentLength >= 0) {
      framing = Framing.LENGTH;
    } else {
      return null; // delimited by the close
    }
    return new AnswerHead(buf.retainedSlice(from, length), status, keepAlive, framing, contentLength, dropped);
  }

  private static boolean startsWithHttp11(ByteBuf buf, int at) {
    return buf.getByte(at) == 'H' && buf.getByte(at + 1) == 'T' && buf.getByte(at + 2) == 'T'
        && buf.getByte(at + 3) == 'P' && buf.getByte(at + 4) == '/' && buf.getByte(at + 5) == '1'
        && buf.getByte(at + 6) == '.' && buf.getByte(at + 7) == '1' && buf.getByte(at + 8) == ' ';
  }

  /** A decimal digit's value; 1000 (out of any status's range) for anything else. */
  private static int digit(ByteBuf buf, int at) {
    byte b = buf.getByte(at);
    return b >= '0' && b <= '9' ? b - '0' : 1000;
  }

  /** The index of the LF ending the line at {@code start} (it must follow a CR), -1 if there is none. */
  private static int lineEnd(ByteBuf buf, int start, int end) {
    int lf = buf.indexOf(start, end, LF);
    return lf > start && buf.getByte(lf - 1) == CR ? lf : -1;
  }

  private static int skipSpaces(ByteBuf buf, int from, int to) {
    while (from < to && isSpace(buf.getByte(from))) {
      from++;
    }
    return from;
  }

  private static int trimSpaces(ByteBuf buf, int from, int to) {
    while (to > from && isSpace(buf.getByte(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** A Content-Length value; -1 when it is not digits alone (or too long to be a length). */
  private static long decimal(ByteBuf buf, int from, int to) {
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
  private static int connectionTokens(ByteBuf buf, int from, int to) {
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
