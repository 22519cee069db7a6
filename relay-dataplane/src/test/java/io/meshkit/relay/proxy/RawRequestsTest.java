package io.meshkit.relay.proxy;

import static io.meshkit.relay.proxy.RawAnswersTest.ascii;
import static io.meshkit.relay.proxy.RawAnswersTest.outbound;
import static io.meshkit.relay.proxy.RawAnswersTest.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests sent to an HTTP/1.1 backend as bytes ({@link ProxyHeaders#outgoingBytes}, {@link RequestEncoder}):
 * the same head as the objects path writes ({@link ProxyHeaders#outgoing} and {@link ProxyHeaders#route}
 * on the decoded request, then Netty's encoder), for every table and route stamp; the requests that must
 * go as objects are refused; a body after a byte head goes on as its bytes.
 */
class RawRequestsTest {
  private static final String FROM = "10.1.2.3";
  private static final RoutingTable AT_42 = FixedRouting.ownedBy(42, "node-1", "10.0.0.1:7000");
  private static final RoutingTable FEDERATED = FixedRouting.federated(43, 3, "node-1", "10.0.0.1:7000");

  /** The request head as the front's decoder makes it (a fresh one per call: the objects path changes it). */
  static HttpRequest decoded(String head) {
    EmbeddedChannel decoder = new EmbeddedChannel(new HttpRequestDecoder());
    decoder.writeInbound(ascii(head));
    HttpRequest request = decoder.readInbound();
    decoder.finishAndReleaseAll();
    assertTrue(request.decoderResult().isSuccess(), () -> "Netty refused " + head);
    return request;
  }

  private static String objectPath(String head, RoutingTable table, Route route) {
    HttpRequest out = ProxyHeaders.outgoing(decoded(head), FROM);
    ProxyHeaders.route(out, table, route);
    EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
    encoder.writeOutbound(out);
    String written = outbound(encoder);
    encoder.finishAndReleaseAll();
    return written;
  }

  private static String bytePath(String head, RoutingTable table, Route route) {
    ByteBuf out = ProxyHeaders.outgoingBytes(decoded(head), FROM, table, route, UnpooledByteBufAllocator.DEFAULT);
    assertNotNull(out, () -> "not taken as bytes: " + head);
    try {
      return text(out);
    } finally {
      out.release();
    }
  }

  /**
   * The head {@link ProxyHeaders#outgoingBytes(RequestHead, String, RoutingTable, Route,
   * io.netty.buffer.ByteBufAllocator)} makes of {@code head} read as bytes ({@link RequestHead}); null when
   * it is not plain (it is then read by Netty's decoder, and goes the other ways).
   */
  private static String fromBytes(String head, RoutingTable table, Route route) {
    ByteBuf in = ascii("junk" + head + "next");
    RequestHead read = RequestHead.parse(in, 4, head.length());
    in.release();
    if (read == null) {
      return null;
    }
    ByteBuf out = ProxyHeaders.outgoingBytes(read, FROM, table, route, UnpooledByteBufAllocator.DEFAULT);
    read.release();
    try {
      return text(out);
    } finally {
      out.release();
    }
  }

  /** Each header line as {@code name: value}, one space, the value trimmed: how the object path writes any line. */
  private static String respelled(String head) {
    StringBuilder s = new StringBuilder();
    for (String line : head.split("\r\n", -1)) {
      int colon = line.indexOf(':');
      s.append(colon <= 0 || line.startsWith("GET ") || line.startsWith("POST ") ? line
          : line.substring(0, colon) + ": " + line.substring(colon + 1).strip()).append("\r\n");
    }
    return s.substring(0, s.length() - 2);
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("wrk's GET", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nx-meshkit-shard-key: bench-key\r\n\r\n"),
        Arguments.of("a browser's GET", "GET /orders/7?full=1 HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: x/1\r\n"
            + "Accept: */*\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nCookie: a=1\r\n\r\n"),
        Arguments.of("forwarded before, twice", "GET /a HTTP/1.1\r\nX-Forwarded-For: 192.0.2.9\r\nHost: a\r\n"
            + "x-forwarded-for: 198.51.100.1\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: b\r\n\r\n"),
        Arguments.of("the relay's own headers, spoofed", "GET /a HTTP/1.1\r\nHost: a\r\nx-meshkit-shard: orders/9\r\n"
            + "X-Meshkit-Route-Revision: 1\r\nx-meshkit-shard-epoch: 99\r\nx-meshkit-route-epoch: 9\r\nVia: 1.1 p\r\n\r\n"),
        Arguments.of("hop-by-hop ones", "DELETE /a HTTP/1.1\r\nHost: a\r\nTE: trailers\r\nConnection: close\r\n"
            + "Proxy-Authorization: Basic eA==\r\nUpgrade: websocket\r\nProxy-Connection: keep-alive\r\nAccept: */*\r\n\r\n"),
        Arguments.of("a POST with a length", "POST /orders HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n"),
        Arguments.of("HTTP/1.0, no Host", "GET /old HTTP/1.0\r\nAccept: */*\r\n\r\n"),
        Arguments.of("a HEAD", "HEAD /a HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("whitespace around values", "GET /a HTTP/1.1\r\nHost:\t a \r\nX-Forwarded-For:  192.0.2.9 \r\n"
            + "Accept:*/*\r\nx-meshkit-shard-key:   k\t\r\n\r\n"));
  }

  /**
   * Pins: each request's head is the same bytes either way from a decoded request, for tables with and
   * without an epoch; and from one read as bytes, the same head but for the spelling of whitespace in the
   * lines copied as the client wrote them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void theByteHeadIsTheObjectPathsHead(String name, String head) {
    List<Executable> checks = new ArrayList<>();
    for (RoutingTable table : List.of(AT_42, FEDERATED)) {
      Route route = table.route("orders", 2).orElseThrow();
      String objects = objectPath(head, table, route);
      checks.add(() -> assertEquals(objects, bytePath(head, table, route),
          "revision " + table.revision() + ", epoch " + table.epoch()));
      String fromBytes = fromBytes(head, table, route);
      boolean plain = head.contains("HTTP/1.1") && !head.contains("Upgrade:");
      checks.add(() -> assertEquals(plain, fromBytes != null, "read as bytes"));
      if (fromBytes != null) {
        checks.add(() -> assertEquals(objects, respelled(fromBytes), "read as bytes, revision " + table.revision()
            + ", epoch " + table.epoch()));
      }
    }
    assertAll(head, checks);
  }

  /** Pins: what the byte head cannot say as the objects path would goes as objects. */
  @Test
  void requestsThatMustGoAsObjectsAreRefused() {
    RoutingTable table = AT_42;
    Route route = table.route("orders", 2).orElseThrow();
    for (String head : List.of(
        "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close, X-Trace-Hop\r\nX-Trace-Hop: 1\r\n\r\n",
        "GET http://a.example/b HTTP/1.1\r\nHost: a\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\nx-http2-stream-id: 3\r\n\r\n")) {
      assertNull(ProxyHeaders.outgoingBytes(decoded(head), FROM, table, route, UnpooledByteBufAllocator.DEFAULT), head);
    }
  }

  /** Pins: a byte head and its body's contents go out as they are; the next request as an object is encoded whole. */
  @Test
  void aByteHeadAndItsBodyGoOutAsTheyAre() {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestEncoder());
    String rawHead = "POST /a HTTP/1.1\r\ncontent-length: 5\r\n\r\n";
    ch.writeOutbound(new RawHead(ascii(rawHead)), new DefaultHttpContent(ascii("ab")),
        new DefaultLastHttpContent(ascii("cde")));
    assertEquals(rawHead + "abcde", outbound(ch));
    HttpRequest next = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/b");
    next.headers().set("host", "a");
    ch.writeOutbound(next, LastHttpContent.EMPTY_LAST_CONTENT);
    assertEquals("GET /b HTTP/1.1\r\nhost: a\r\n\r\n", outbound(ch));
    assertFalse(ch.finishAndReleaseAll());
  }
}
