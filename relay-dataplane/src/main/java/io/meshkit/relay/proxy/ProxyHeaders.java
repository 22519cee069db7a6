package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
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
import java.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
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
  static final AsciiString ROUTE_REVISION = AsciiString.cached("x-meshkit-route-revision");
  /** The epoch of the cluster the table was read from, when federated (tables order by epoch, then revision). */
  static final AsciiString ROUTE_EPOCH = AsciiString.cached("x-meshkit-route-epoch");
  static final AsciiString SHARD = AsciiString.cached("x-meshkit-shard");
  static final AsciiString SHARD_EPOCH = AsciiString.cached("x-meshkit-shard-epoch");
  /** On answers from a replica because the owner was down (relay_replica_fallback). */
  static final AsciiString SERVED_BY_REPLICA = AsciiString.cached("x-meshkit-replica");
  private static final AsciiString FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  private static final AsciiString FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString HTTP = AsciiString.cached("http");
  /** Connection first: {@link #dropHopByHop} reads bit 0 as "Connection is present". */
  private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
      HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
      HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, AsciiString.cached("proxy-connection"),
      HttpHeaderNames.EXPECT);

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
    out.headers().set(SHARD_EPOCH, Long.toString(route.epoch()));
  }

  /**
   * Readies a backend's answer head for the client, in place. A body of unknown length goes chunked,
   * except to an HTTP/1.0 client, which cannot read chunks: its connection is closed after the body.
   *
   * @return whether the client connection stays open after this answer
   */
  static boolean incoming(HttpResponse response, HttpRequest request, RoutingTable table, Route route,
      boolean keepAlive) {
    dropHopByHop(response.headers());
    int code = response.status().code();
    boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304 || code / 100 == 1;
    boolean stays = keepAlive;
    if (!bodyless && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
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

  static void routed(HttpHeaders headers, RoutingTable table, Route route) {
    headers.set(ROUTE_REVISION, table.revisionText());
    long epoch = table.epoch();
    if (epoch > 0) {
      headers.set(ROUTE_EPOCH, Long.toString(epoch));
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
      present |= hopByHopBit(it.next().getKey());
    }
    if (present != 0) {
      if ((present & 1) != 0) { // Connection: the headers it names are hop-by-hop too
        for (String named : headers.getAll(HttpHeaderNames.CONNECTION)) {
          for (String token : named.split(",")) {
            headers.remove(token.strip());
          }
        }
      }
      for (int i = 0; i < HOP_BY_HOP.size(); i++) {
        if ((present & (1 << i)) != 0) {
          headers.remove(HOP_BY_HOP.get(i));
        }
      }
    }
    // What Netty's HTTP/2 <-> HTTP/1 conversion adds (x-http2-stream-id, -scheme, ...) is local to a hop;
    // a converted message always has the stream id, so others pay one lookup.
    if (headers.contains(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text())) {
      for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
        headers.remove(n.text());
      }
    }
  }

  /** The bit of {@code name} in {@link #HOP_BY_HOP} (bit i for element i), 0 if it is not one. */
  private static int hopByHopBit(CharSequence name) {
    for (int i = 0; i < HOP_BY_HOP.size(); i++) {
      if (AsciiString.contentEqualsIgnoreCase(name, HOP_BY_HOP.get(i))) {
        return 1 << i;
      }
    }
    return 0;
  }
}
