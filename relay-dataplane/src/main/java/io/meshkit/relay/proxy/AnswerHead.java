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

  private static final int STATUS_LINE_PREFIX = "HTTP/1.1 ".length();
  private static final AsciiString CHUNKED = AsciiString.cached("chunked");
  private static final AsciiString MESHKIT_PREFIX = AsciiString.cached("x-meshkit-");

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
    if (length < STATUS_LINE_PREFIX + 5 || !HeadBytes.http11(buf, from) || buf.getByte(from + 8) != ' ') {
      return null;
    }
    int status = digit(buf, from + 9) * 100 + digit(buf, from + 10) * 10 + digit(buf, from + 11);
    byte afterStatus = buf.getByte(from + 12);
    if (status < 200 || status > 999 || (afterStatus != ' ' && afterStatus != HeadBytes.CR)) {
      return null;
    }
    int line = HeadBytes.lineEnd(buf, from, end);
    if (line < 0) {
      return null;
    }
    boolean keepAlive = true;
    boolean chunked = false;
    long contentLength = -1;
    long dropped = 0;
    for (int index = 0, start = line + 1; ; index++) {
      int lf = HeadBytes.lineEnd(buf, start, end);
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
      int valueFrom = HeadBytes.skipSpaces(buf, colon + 1, lf - 1);
      int valueTo = HeadBytes.trimSpaces(buf, valueFrom, lf - 1);
      int kind = HeaderNames.of(buf, start, nameLength);
      if (kind == HeaderNames.CONNECTION) {
        int tokens = HeadBytes.connectionTokens(buf, valueFrom, valueTo);
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
        if (contentLength >= 0 || (contentLength = HeadBytes.decimal(buf, valueFrom, valueTo)) < 0) {
          return null;
        }
      } else if (HeaderNames.startsWithIgnoreCase(buf, start, nameLength, MESHKIT_PREFIX)
          || HeaderNames.startsWithIgnoreCase(buf, start, nameLength, HeaderNames.HTTP2_PREFIX)) {
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

  /** A decimal digit's value; 1000 (out of any status's range) for anything else. */
  private static int digit(ByteBuf buf, int at) {
    byte b = buf.getByte(at);
    return b >= '0' && b <= '9' ? b - '0' : 1000;
  }
}
