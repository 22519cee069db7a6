package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import java.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;

/**
 * How headers change on the way through the relay: hop-by-hop headers (RFC 9110 7.6.1, and any named in
 * {@code Connection}) are dropped both ways; requests gain {@code x-forwarded-for/-host/-proto};
 * answers gain the route ({@code x-meshkit-route-revision}, {@code x-meshkit-shard}, and in a federation
 * {@code x-meshkit-route-epoch}: revisions are numbered per cluster). Message framing
 * is redone for the next hop: a known length is kept, a body of unknown length is sent chunked.
 */
final class ProxyHeaders {
  // Header names as AsciiString constants: their case-insensitive hash is computed once, and checking
  // a name on set reads bytes, not chars (a String name was hashed and checked anew on every request).
  static final AsciiString ROUTE_REVISION = HeaderNames.name(HeaderNames.ROUTE_REVISION);
  /** The epoch of the cluster the table was read from, when federated (tables order by epoch, then revision). */
  static final AsciiString ROUTE_EPOCH = HeaderNames.name(HeaderNames.ROUTE_EPOCH);
  static final AsciiString SHARD = HeaderNames.name(HeaderNames.SHARD);
  static final AsciiString SHARD_EPOCH = HeaderNames.name(HeaderNames.SHARD_EPOCH);
  /** On answers from a replica because the owner was down (relay_replica_fallback). */
  static final AsciiString SERVED_BY_REPLICA = AsciiString.cached("x-meshkit-replica");
  private static final AsciiString FORWARDED_FOR = HeaderNames.name(HeaderNames.FORWARDED_FOR);
  private static final AsciiString FORWARDED_HOST = HeaderNames.name(HeaderNames.FORWARDED_HOST);
  private static final AsciiString FORWARDED_PROTO = HeaderNames.name(HeaderNames.FORWARDED_PROTO);
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final short CRLF = ('\r' << 8) | '\n';
  private static final short COLON_SPACE = (':' << 8) | ' ';
  private static final short COMMA_SPACE = (',' << 8) | ' ';
  private static final byte[] SPACE_HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(CharsetUtil.US_ASCII);

  private ProxyHeaders() {}

  /**
   * The request to send to a backend, made once per exchange: it takes over {@code in}'s headers (changed
   * in place, not copied: whatever the exchange needs from them it read before) and is sent again as it
   * is after a 421, with the route stamped anew by {@link #route}.
   */
  static HttpRequest outgoing(HttpRequest in, String from) {
    HttpHeaders headers = in.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(in);
    dropHopByHop(headers);
    String forwarded = headers.get(FORWARDED_FOR);
    if (forwarded == null) {
      headers.add(FORWARDED_FOR, from); // add, not set: known absent (set would look for it again)
    } else {
      headers.set(FORWARDED_FOR, forwarded + ", " + from);
    }
    if (!headers.contains(FORWARDED_HOST)) {
      String host = headers.get(HttpHeaderNames.HOST);
      if (host != null) {
        headers.add(FORWARDED_HOST, host);
      }
    }
    if (!headers.contains(FORWARDED_PROTO)) {
      headers.add(FORWARDED_PROTO, HTTP);
    }
    if (chunked && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, in.method(), in.uri(), headers);
  }

  /**
   * The request to send to a backend as bytes: what {@link #outgoing(HttpRequest, String)}, then
   * {@link #route}, then Netty's encoder would write, made without changing {@code in} (so it is made
   * anew, with the route of the moment, for each send). For a request whose body is empty or has a
   * {@code Content-Length} (a chunked one goes as objects: its chunks are made anew for the next hop);
   * null when the request must go as objects: a URI not of the form {@code /path}, a {@code Connection}
   * naming other headers than {@code close} and {@code keep-alive}, or Netty's HTTP/2 conversion names.
   */
  static ByteBuf outgoingBytes(HttpRequest in, String from, RoutingTable table, Route route, ByteBufAllocator alloc) {
    String uri = in.uri();
    if (uri.isEmpty() || uri.charAt(0) != '/') {
      return null;
    }
    HttpHeaders headers = in.headers();
    int present = 0;
    CharSequence forwardedFor = null;
    CharSequence host = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      int kind = HeaderNames.of(header.getKey());
      if (kind == HeaderNames.CONNECTION && !closeOrKeepAlive(header.getValue())) {
        return null;
      } else if (kind == HeaderNames.HTTP2_STREAM_ID) {
        return null;
      } else if (kind == HeaderNames.FORWARDED_FOR && forwardedFor == null) {
        forwardedFor = header.getValue();
      } else if (kind == HeaderNames.HOST && host == null) {
        host = header.getValue();
      }
      present |= kind;
    }
    // Lines the relay sets (replacing the client's) or drops; the route epoch only when it sets one.
    int left = HeaderNames.HOP_BY_HOP | HeaderNames.FORWARDED_FOR | HeaderNames.ROUTE_REVISION | HeaderNames.SHARD
        | HeaderNames.SHARD_EPOCH | (table.epoch() > 0 ? HeaderNames.ROUTE_EPOCH : 0);
    ByteBuf out = alloc.buffer(512);
    ByteBufUtil.copy(in.method().asciiName(), out);
    out.writeByte(' ');
    out.writeCharSequence(uri, CharsetUtil.UTF_8); // as Netty's encoder writes a URI
    out.writeBytes(SPACE_HTTP_1_1_CRLF);
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      CharSequence name = header.getKey();
      if ((present & left) == 0 || (HeaderNames.of(name) & left) == 0) {
        line(out, name, header.getValue());
      }
    }
    line(out, FORWARDED_FOR, forwardedFor == null ? from : forwardedFor + ", " + from);
    if ((present & HeaderNames.FORWARDED_HOST) == 0 && host != null) {
      line(out, FORWARDED_HOST, host);
    }
    if ((present & HeaderNames.FORWARDED_PROTO) == 0) {
      line(out, FORWARDED_PROTO, HTTP);
    }
    routeLines(out, table, route);
    line(out, SHARD_EPOCH, route.epochText());
    return out.writeShort(CRLF);
  }

  /**
   * The same head as {@link #outgoingBytes(HttpRequest, String, RoutingTable, Route, ByteBufAllocator)}
   * writes, from a head read as bytes: its request line and kept header lines are copied as the client
   * wrote them (the whitespace around values included), the relay's lines are written after them.
   */
  static ByteBuf outgoingBytes(RequestHead in, String from, RoutingTable table, Route route, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(in.content().readableBytes() + 192);
    in.writeRequestLine(out);
    long dropped = in.droppedLines(table.epoch() > 0);
    for (int i = 0; i < in.lineCount(); i++) {
      if ((dropped & (1L << i)) == 0) {
        in.writeLine(i, out);
      }
    }
    ByteBufUtil.copy(FORWARDED_FOR, out);
    out.writeShort(COLON_SPACE);
    if (in.forwardedForLine() >= 0) {
      in.writeValue(in.forwardedForLine(), out);
      out.writeShort(COMMA_SPACE);
    }
    out.writeCharSequence(from, CharsetUtil.US_ASCII);
    out.writeShort(CRLF);
    if ((in.present() & HeaderNames.FORWARDED_HOST) == 0 && in.hostLine() >= 0) {
      ByteBufUtil.copy(FORWARDED_HOST, out);
      out.writeShort(COLON_SPACE);
      in.writeValue(in.hostLine(), out);
      out.writeShort(CRLF);
    }
    if ((in.present() & HeaderNames.FORWARDED_PROTO) == 0) {
      line(out, FORWARDED_PROTO, HTTP);
    }
    routeLines(out, table, route);
    line(out, SHARD_EPOCH, route.epochText());
    return out.writeShort(CRLF);
  }

  /** A {@code Connection} value of {@code close} and {@code keep-alive} tokens only (it names no other header). */
  private static boolean closeOrKeepAlive(CharSequence value) {
    for (String token : value.toString().split(",")) {
      String t = token.strip();
      if (!t.isEmpty() && !t.equalsIgnoreCase("close") && !t.equalsIgnoreCase("keep-alive")) {
        return false;
      }
    }
    return true;
  }

  /** A client's IP address as {@code x-forwarded-for} gives it; "" for a socket that has none. */
  static String addressText(SocketAddress client) {
    return client instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : "";
  }

  /**
   * Tells the backend the route {@code out} is sent by — {@code x-meshkit-shard} (namespace/shard),
   * {@value #SHARD_EPOCH} and {@code x-meshkit-route-revision} — so it can refuse (421) a shard it no
   * longer owns, or an epoch it has moved past. Replaces what an earlier send stamped.
   */
  static void route(HttpRequest out, RoutingTable table, Route route) {
    routed(out.headers(), table, route);
    out.headers().set(SHARD_EPOCH, route.epochText());
  }

  /**
   * Readies a backend's answer head for the client, in place. A body of unknown length goes chunked,
   * except to an HTTP/1.0 client, which cannot read chunks: its connection is closed after the body.
   *
   * @return whether the client connection stays open after this answer
   */
  static boolean incoming(HttpResponse response, ClientRequest request, RoutingTable table, Route route,
      boolean keepAlive) {
    dropHopByHop(response.headers());
    int code = response.status().code();
    boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304 || code / 100 == 1;
    boolean stays = keepAlive;
    if (!bodyless && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (!request.http11()) {
        stays = false;
      } else {
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    HttpUtil.setKeepAlive(response, stays);
    routed(response.headers(), table, route);
    return stays;
  }

  /**
   * A plain backend answer's head ({@link AnswerHead}) made ready for an HTTP/1.1 client, as bytes: the
   * same head {@link #incoming(HttpResponse, ClientRequest, RoutingTable, Route, boolean)} and Netty's
   * encoder would make of it, the header lines in the backend's bytes. Its framing stays as it is (such
   * an answer has a length, chunks, or no body; {@code Transfer-Encoding: chunked} is written after the
   * backend's other lines, where setting it again puts it); {@code Connection: close} when the client
   * connection is not to stay open; then the route, and {@code replica} when a replica serves.
   */
  static ByteBuf incoming(AnswerHead answer, ByteBufAllocator alloc, RoutingTable table, Route route,
      boolean keepAlive, boolean replica) {
    ByteBuf in = answer.content();
    int end = in.writerIndex() - 2; // the blank line is written after the relay's lines
    ByteBuf out = alloc.buffer(in.readableBytes() + 128);
    int lineStart = in.readerIndex();
    int lf = in.indexOf(lineStart, end, (byte) '\n');
    out.writeBytes(in, lineStart, lf + 1 - lineStart); // the status line
    for (int line = 0; (lineStart = lf + 1) < end; line++) {
      lf = in.indexOf(lineStart, end, (byte) '\n');
      if (!answer.dropped(line)) {
        out.writeBytes(in, lineStart, lf + 1 - lineStart);
      }
    }
    if (answer.framing() == AnswerHead.Framing.CHUNKED) {
      line(out, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!keepAlive) {
      line(out, HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    routeLines(out, table, route);
    if (replica) {
      line(out, SERVED_BY_REPLICA, "true");
    }
    return out.writeShort(CRLF);
  }

  /** The route's lines, as {@link #routed} sets them. */
  private static void routeLines(ByteBuf out, RoutingTable table, Route route) {
    line(out, ROUTE_REVISION, table.revisionText());
    if (table.epoch() > 0) {
      line(out, ROUTE_EPOCH, table.epochText());
    }
    if (route != null) {
      line(out, SHARD, route.label());
    }
  }

  /** One header line, its characters written as Netty's encoder writes them (US-ASCII). */
  private static void line(ByteBuf out, CharSequence name, CharSequence value) {
    out.ensureWritable(name.length() + value.length() + 4);
    if (name instanceof AsciiString ascii) {
      ByteBufUtil.copy(ascii, out);
    } else {
      out.writeCharSequence(name, CharsetUtil.US_ASCII);
    }
    out.writeShort(COLON_SPACE);
    out.writeCharSequence(value, CharsetUtil.US_ASCII);
    out.writeShort(CRLF);
  }

  static void routed(HttpHeaders headers, RoutingTable table, Route route) {
    headers.set(ROUTE_REVISION, table.revisionText());
    if (table.epoch() > 0) {
      headers.set(ROUTE_EPOCH, table.epochText());
    }
    if (route != null) {
      headers.set(SHARD, route.label());
    }
  }

  /**
   * Drops the hop-by-hop headers. One pass over the names finds which are present; only those are
   * removed (most requests carry none, most answers only {@code Connection}).
   */
  private static void dropHopByHop(HttpHeaders headers) {
    int present = 0;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      present |= HeaderNames.of(it.next().getKey());
    }
    present &= HeaderNames.HOP_BY_HOP | HeaderNames.HTTP2_STREAM_ID;
    if ((present & HeaderNames.CONNECTION) != 0) { // the headers it names are hop-by-hop too
      for (String named : headers.getAll(HttpHeaderNames.CONNECTION)) {
        for (String token : named.split(",")) {
          headers.remove(token.strip());
        }
      }
    }
    for (int bits = present & HeaderNames.HOP_BY_HOP; bits != 0; bits &= bits - 1) {
      headers.remove(HeaderNames.name(Integer.lowestOneBit(bits)));
    }
    // What Netty's HTTP/2 <-> HTTP/1 conversion adds (x-http2-stream-id, -scheme, ...) is local to a hop;
    // a converted message always has the stream id.
    if ((present & HeaderNames.HTTP2_STREAM_ID) != 0) {
      for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
        headers.remove(n.text());
      }
    }
  }
}
