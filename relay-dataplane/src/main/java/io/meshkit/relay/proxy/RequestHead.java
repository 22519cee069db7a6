package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import java.util.Arrays;

/**
 * A client's HTTP/1.1 request head as it came (request line, header lines, blank line), read once where
 * its bytes lie for what the relay must know — method, target, framing, keep-alive, where each header
 * line is, and which lines it drops or replaces on the way — then copied to the backend as bytes with
 * the relay's lines added ({@link ProxyHeaders#outgoingBytes(RequestHead, String, RoutingTable, Route,
 * ByteBufAllocator)}). Netty's decoder would have made a map of {@code String}s of it, and the encoder
 * bytes again.
 *
 * <p>Only a plain head is taken. {@link #parse} returns null for anything else, and that request goes to
 * Netty's decoder from its first byte, to be judged (and refused, when it must be) there as before. The
 * rules are strict — RFC 9112 without its obsolete forms, and a subset of what Netty accepts — because
 * this is where a request's framing is decided (a parser that frames a body otherwise than the backend
 * does lets a request be smuggled past the relay):
 * <ul>
 *   <li>the request line is {@code METHOD SP /target SP HTTP/1.1 CRLF}: GET, HEAD, POST, PUT, DELETE,
 *       PATCH or OPTIONS; an origin-form target of visible US-ASCII; single spaces; at most
 *       {@value #MAX_REQUEST_LINE} bytes (Netty answers longer ones 414);</li>
 *   <li>each header line is {@code name: value CRLF}: the name a token with the colon right after it (no
 *       whitespace there: RFC 9112 5.1), the value visible US-ASCII, spaces and tabs (no control
 *       characters, no obs-text); no folded lines; at most 63 lines in at most
 *       {@value #MAX_HEADER_BYTES} bytes (Netty answers larger ones 431);</li>
 *   <li>the body is empty or has one {@code Content-Length} of digits: no {@code Transfer-Encoding} at all
 *       (a chunked request goes as objects), no second length;</li>
 *   <li>nothing another handler acts on or that names other headers: no {@code Upgrade} (h2c), no
 *       {@code Expect}, a {@code Connection} of {@code close} and {@code keep-alive} only, no
 *       {@code x-http2-*} (Netty's HTTP/2 conversion names).</li>
 * </ul>
 */
final class RequestHead extends DefaultByteBufHolder implements ClientRequest {
  static final int MAX_REQUEST_LINE = FrontChannels.MAX_INITIAL_LINE_BYTES;
  static final int MAX_HEADER_BYTES = FrontChannels.MAX_HEADER_BYTES;
  /** The longest head looked at for its end before it is left to Netty's decoder (which judges it). */
  static final int MAX_HEAD_BYTES = MAX_REQUEST_LINE + MAX_HEADER_BYTES;
  /** The methods read here; any other goes to Netty's decoder. */
  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS};
  private static final int MAX_LINES = Long.SIZE - 1;
  /** Header line i is at {@code lines[3i]} (its first byte), {@code [3i + 1]} (its colon), {@code [3i + 2]} (its LF). */
  private static final int STRIDE = 3;

  private final HttpMethod method;
  /** The request line's LF, in {@link #content()}. */
  private final int requestLineEnd;
  private final int targetFrom;
  private final int targetTo;
  /** Offsets in {@link #content()}: see {@link #STRIDE}. */
  private final int[] lines;
  private final int lineCount;
  private final boolean keepAlive;
  private final long contentLength;
  /** Bit i: line i is one the relay drops (hop-by-hop) or replaces ({@code x-forwarded-for}, the route's). */
  private final long dropped;
  /** Bit i: line i is an {@code x-meshkit-route-epoch}, replaced when the relay sets one (a federation's table). */
  private final long routeEpochLines;
  /** The {@link HeaderNames} bits of the names present. */
  private final int present;
  /** The first {@code x-forwarded-for} line, -1 when none. */
  private final int forwardedFor;
  /** The first {@code Host} line, -1 when none. */
  private final int host;
  private String uri;

  private RequestHead(ByteBuf head, Parsed p) {
    super(head);
    this.method = p.method;
    this.requestLineEnd = p.requestLineEnd;
    this.targetFrom = p.targetFrom;
    this.targetTo = p.targetTo;
    this.lines = p.lines;
    this.lineCount = p.lineCount;
    this.keepAlive = p.keepAlive;
    this.contentLength = p.contentLength;
    this.dropped = p.dropped;
    this.routeEpochLines = p.routeEpochLines;
    this.present = p.present;
    this.forwardedFor = p.forwardedFor;
    this.host = p.host;
  }

  /** What {@link #parse} learns, offsets already made relative to the head's first byte. */
  private static final class Parsed {
    HttpMethod method;
    int requestLineEnd;
    int targetFrom;
    int targetTo;
    int[] lines = new int[STRIDE * 12];
    int lineCount;
    boolean keepAlive = true;
    long contentLength = -1;
    long dropped;
    long routeEpochLines;
    int present;
    int forwardedFor = -1;
    int host = -1;

    void addLine(int start, int colon, int lf) {
      if (STRIDE * (lineCount + 1) > lines.length) {
        lines = Arrays.copyOf(lines, lines.length * 2);
      }
      lines[STRIDE * lineCount] = start;
      lines[STRIDE * lineCount + 1] = colon;
      lines[STRIDE * lineCount + 2] = lf;
      lineCount++;
    }
  }

  /**
   * Reads the head in {@code buf}'s bytes {@code [from, from + length)} (it ends with the blank line); the
   * head keeps a retained slice of them. Null: not a plain request (see the class comment); nothing was
   * retained.
   */
  static RequestHead parse(ByteBuf buf, int from, int length) {
    int end = from + length;
    Parsed p = new Parsed();
    int space = buf.indexOf(from, Math.min(end, from + 8), (byte) ' ');
    p.method = space < 0 ? null : method(buf, from, space - from);
    int lf = HeadBytes.lineEnd(buf, from, end);
    if (p.method == null || lf < 0 || lf + 1 - from > MAX_REQUEST_LINE) {
      return null;
    }
    int version = lf - 1 - 8; // "HTTP/1.1" before the CR
    if (version - 1 <= space + 1 || buf.getByte(version - 1) != ' ' || !HeadBytes.http11(buf, version)
        || buf.getByte(space + 1) != '/' || !visible(buf, space + 1, version - 1)) {
      return null;
    }
    p.requestLineEnd = lf - from;
    p.targetFrom = space + 1 - from;
    p.targetTo = version - 1 - from;
    if (end - (lf + 1) > MAX_HEADER_BYTES) {
      return null;
    }
    for (int index = 0, start = lf + 1; ; index++) {
      lf = HeadBytes.lineEnd(buf, start, end);
      if (lf < 0) {
        return null;
      }
      if (lf == start + 1) {
        break; // the blank line
      }
      int colon = HeadBytes.tokenThenColon(buf, start, lf);
      if (index >= MAX_LINES || colon < 0 || !HeadBytes.plainValue(buf, colon + 1, lf - 1)
          || !header(p, buf, index, start, colon, lf)) {
        return null;
      }
      p.addLine(start - from, colon - from, lf - from);
      start = lf + 1;
    }
    return new RequestHead(buf.retainedSlice(from, length), p);
  }

  /** Notes what header line {@code index} means for the relay; false when the request is not plain. */
  private static boolean header(Parsed p, ByteBuf buf, int index, int start, int colon, int lf) {
    int kind = HeaderNames.of(buf, start, colon - start);
    long bit = 1L << index;
    switch (kind) {
      case 0 -> {
        return !HeaderNames.startsWithIgnoreCase(buf, start, colon - start, HeaderNames.HTTP2_PREFIX);
      }
      case HeaderNames.TRANSFER_ENCODING, HeaderNames.UPGRADE, HeaderNames.EXPECT, HeaderNames.HTTP2_STREAM_ID -> {
        return false;
      }
      case HeaderNames.CONNECTION -> {
        int valueFrom = HeadBytes.skipSpaces(buf, colon + 1, lf - 1);
        int tokens = HeadBytes.connectionTokens(buf, valueFrom, HeadBytes.trimSpaces(buf, valueFrom, lf - 1));
        if (tokens < 0) {
          return false;
        }
        p.keepAlive &= tokens == 0;
        p.dropped |= bit;
      }
      case HeaderNames.CONTENT_LENGTH -> {
        int valueFrom = HeadBytes.skipSpaces(buf, colon + 1, lf - 1);
        long length = HeadBytes.decimal(buf, valueFrom, HeadBytes.trimSpaces(buf, valueFrom, lf - 1));
        if (p.contentLength >= 0 || length < 0) {
          return false;
        }
        p.contentLength = length;
      }
      case HeaderNames.FORWARDED_FOR -> {
        if (p.forwardedFor < 0) {
          p.forwardedFor = index;
        }
        p.dropped |= bit;
      }
      case HeaderNames.HOST -> {
        if (p.host < 0) {
          p.host = index;
        }
      }
      case HeaderNames.ROUTE_REVISION, HeaderNames.SHARD, HeaderNames.SHARD_EPOCH -> p.dropped |= bit;
      case HeaderNames.ROUTE_EPOCH -> p.routeEpochLines |= bit;
      default -> {
        if ((kind & HeaderNames.HOP_BY_HOP) != 0) {
          p.dropped |= bit;
        }
      }
    }
    p.present |= kind;
    return true;
  }

  /** The method whose name is {@code buf}'s {@code length} bytes at {@code at} (case matters); null for any other. */
  private static HttpMethod method(ByteBuf buf, int at, int length) {
    for (HttpMethod m : METHODS) {
      AsciiString name = m.asciiName();
      if (length == name.length() && sameBytes(buf, at, name)) {
        return m;
      }
    }
    return null;
  }

  private static boolean sameBytes(ByteBuf buf, int at, AsciiString word) {
    for (int i = 0; i < word.length(); i++) {
      if (buf.getByte(at + i) != word.byteAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code [from, to)} is visible US-ASCII only (a request target: no spaces, no controls). */
  private static boolean visible(ByteBuf buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buf.getByte(i);
      if (b <= ' ' || b >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String uri() {
    if (uri == null) {
      uri = content().toString(targetFrom, targetTo - targetFrom, CharsetUtil.US_ASCII);
    }
    return uri;
  }

  @Override
  public boolean http11() {
    return true;
  }

  @Override
  public boolean keepAlive() {
    return keepAlive;
  }

  @Override
  public boolean chunked() {
    return false;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public String header(CharSequence name) {
    ByteBuf head = content();
    for (int i = 0; i < lineCount; i++) {
      int start = lines[STRIDE * i];
      if (HeaderNames.equalsIgnoreCase(head, start, lines[STRIDE * i + 1] - start, name)) {
        return value(i);
      }
    }
    return null;
  }

  /** Line {@code i}'s value, without the whitespace around it. */
  private String value(int i) {
    int from = valueFrom(i);
    return content().toString(from, valueTo(i, from) - from, CharsetUtil.US_ASCII);
  }

  private int valueFrom(int i) {
    return HeadBytes.skipSpaces(content(), lines[STRIDE * i + 1] + 1, lines[STRIDE * i + 2] - 1);
  }

  private int valueTo(int i, int from) {
    return HeadBytes.trimSpaces(content(), from, lines[STRIDE * i + 2] - 1);
  }

  @Override
  public ByteBuf toBackendBytes(String from, RoutingTable table, Route route, ByteBufAllocator alloc) {
    return ProxyHeaders.outgoingBytes(this, from, table, route, alloc);
  }

  /** The request as Netty's decoder would have made it (for a backend that takes objects: HTTP/2), then forwarded. */
  @Override
  public HttpRequest toBackendObject(String from) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri(),
        DefaultHttpHeadersFactory.headersFactory().withValidation(false)); // parse checked every name and value
    ByteBuf head = content();
    for (int i = 0; i < lineCount; i++) {
      int start = lines[STRIDE * i];
      request.headers().add(head.toString(start, lines[STRIDE * i + 1] - start, CharsetUtil.US_ASCII), value(i));
    }
    return ProxyHeaders.outgoing(request, from);
  }

  // What ProxyHeaders.outgoingBytes copies.

  /** Writes the request line, its CRLF included, as the client wrote it (which is as Netty's encoder would). */
  void writeRequestLine(ByteBuf out) {
    out.writeBytes(content(), 0, requestLineEnd + 1);
  }

  int lineCount() {
    return lineCount;
  }

  /** The lines that do not go on as they are; {@code relaySetsEpoch}: the table has an epoch, stamped anew. */
  long droppedLines(boolean relaySetsEpoch) {
    return relaySetsEpoch ? dropped | routeEpochLines : dropped;
  }

  /** Writes header line {@code i}, its CRLF included. */
  void writeLine(int i, ByteBuf out) {
    int start = lines[STRIDE * i];
    out.writeBytes(content(), start, lines[STRIDE * i + 2] + 1 - start);
  }

  /** Writes line {@code i}'s value, without the whitespace around it. */
  void writeValue(int i, ByteBuf out) {
    int from = valueFrom(i);
    out.writeBytes(content(), from, valueTo(i, from) - from);
  }

  int present() {
    return present;
  }

  /** The first {@code x-forwarded-for} line, -1 when none. */
  int forwardedForLine() {
    return forwardedFor;
  }

  /** The first {@code Host} line, -1 when none. */
  int hostLine() {
    return host;
  }
}
