package io.meshkit.relay.proxy;

import static io.meshkit.relay.proxy.RawAnswersTest.ascii;
import static io.meshkit.relay.proxy.RawAnswersTest.outbound;
import static io.meshkit.relay.proxy.RawAnswersTest.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's side of an HTTP/1.1 connection ({@link FrontCodec}): plain requests read as bytes
 * ({@link RequestHead}) come out as Netty's decoder would have decoded them — same method, target,
 * headers, body and ends, over any split of the reads — and everything else goes to Netty's decoder,
 * which judges it as before (refusals included), after which plain requests are read as bytes again.
 * Answers go round the encoder as bytes and stay paired with their requests.
 */
class FrontCodecTest {
  private static final String CRLF = "\r\n";

  private static EmbeddedChannel front() {
    EmbeddedChannel ch = new EmbeddedChannel(FrontChannels.http1Codec());
    ch.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
    return ch;
  }

  /** Netty's decoder as the relay configures it: what the front's output must match. */
  private static EmbeddedChannel netty() {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(new HttpDecoderConfig()
        .setMaxInitialLineLength(FrontChannels.MAX_INITIAL_LINE_BYTES).setMaxHeaderSize(FrontChannels.MAX_HEADER_BYTES)));
    ch.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
    return ch;
  }

  /**
   * What came out of {@code ch}, released, as comparable text: each head as method, target, version, its
   * headers (name: value, in order) and whether it decoded; each body in full up to its end; each end.
   * A head read as bytes is prefixed with {@code bytes:}.
   */
  private static List<String> decoded(EmbeddedChannel ch, boolean markBytes) {
    List<String> out = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (Object m; (m = ch.readInbound()) != null; ) {
      try {
        if (m instanceof RequestHead head) {
          out.add((markBytes ? "bytes:" : "") + describe(head));
        } else if (m instanceof HttpRequest request) {
          out.add(describe(request));
        }
        if (m instanceof HttpContent content) {
          body.append(text(content.content()));
          if (m instanceof LastHttpContent last) {
            out.add("body[" + body + "] end" + (last.decoderResult().isSuccess() ? "" : " FAILED")
                + (last.trailingHeaders().isEmpty() ? "" : " trailers " + last.trailingHeaders().entries()));
            body.setLength(0);
          }
        }
      } finally {
        ReferenceCountUtil.release(m);
      }
    }
    if (!body.isEmpty()) {
      out.add("body[" + body + "] (not ended)");
    }
    return out;
  }

  private static String describe(HttpRequest r) {
    if (r.decoderResult().isFailure()) {
      return "FAILED " + r.decoderResult().cause().getClass().getSimpleName();
    }
    List<String> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : r.headers()) {
      headers.add(h.getKey() + ": " + h.getValue());
    }
    return r.method() + " " + r.uri() + " " + r.protocolVersion() + " " + headers;
  }

  /**
   * The same description from the head's own bytes (a test-only reading: name, then the trimmed value); and
   * {@link RequestHead#header} gives each name's first value, whatever its case.
   */
  private static String describe(RequestHead h) {
    String[] lines = text(h.content()).split(CRLF);
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon);
      headers.add(name + ": " + lines[i].substring(colon + 1).strip());
      assertEquals(firstValue(lines, name), h.header(name.toUpperCase(java.util.Locale.ROOT)), "header(" + name + ")");
    }
    return h.method() + " " + h.uri() + " HTTP/1.1 " + headers;
  }

  /** The first value of {@code name} among the header lines (the one {@link RequestHead#header} gives). */
  private static String firstValue(String[] lines, String name) {
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (lines[i].substring(0, colon).equalsIgnoreCase(name)) {
        return lines[i].substring(colon + 1).strip();
      }
    }
    return null;
  }

  /** {@code input} through the front in one read, and through Netty's decoder: the two must agree. */
  private static List<String> throughBoth(String input) {
    EmbeddedChannel front = front();
    EmbeddedChannel netty = netty();
    try {
      front.writeInbound(ascii(input));
      netty.writeInbound(ascii(input));
      List<String> asFront = decoded(front, true);
      List<String> asNetty = decoded(netty, false);
      assertEquals(asNetty, asFront.stream().map(s -> s.replaceFirst("^bytes:", "")).toList(),
          () -> "the front read " + input.replace(CRLF, "\\r\\n") + " otherwise than Netty's decoder");
      return asFront;
    } finally {
      front.finishAndReleaseAll();
      netty.finishAndReleaseAll();
    }
  }

  static Stream<Arguments> plainRequests() {
    return Stream.of(
        Arguments.of("wrk's GET", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nx-meshkit-shard-key: bench-key\r\n\r\n"),
        Arguments.of("a browser's GET", "GET /orders/7?full=1&x=%20 HTTP/1.1\r\nHost: shop.example\r\n"
            + "User-Agent: x/1 (y; z)\r\nAccept: */*\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
            + "Cookie: a=1; b=\"2\"\r\n\r\n"),
        Arguments.of("whitespace around values, none after the colon", "GET /a HTTP/1.1\r\nHost:a\r\n"
            + "X-A: \t spaced \t \r\nX-Empty:\r\nX-Tab:\tv\r\n\r\n"),
        Arguments.of("a POST with a body", "POST /orders HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: 13\r\n\r\n{\"id\": 12345}"),
        Arguments.of("a PUT with an empty body", "PUT /a HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
        Arguments.of("leading zeros in the length", "PATCH /a HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc"),
        Arguments.of("a HEAD, a DELETE, an OPTIONS", "HEAD /a HTTP/1.1\r\nHost: a\r\n\r\n"
            + "DELETE /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nOPTIONS /a HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("headers twice, in any case", "GET /a HTTP/1.1\r\nHOST: a\r\nhost: b\r\nX-Forwarded-For: 1.2.3.4\r\n"
            + "x-forwarded-for: 5.6.7.8\r\nX-MESHKIT-SHARD: spoofed/1\r\n\r\n"),
        Arguments.of("three pipelined", "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\n"
            + "Content-Length: 5\r\n\r\nhelloGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"));
  }

  /** Pins: a plain request is read as bytes, and it is what Netty's decoder makes of it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("plainRequests")
  void aPlainRequestIsReadAsBytesAsNettyReadsIt(String name, String input) {
    List<String> out = throughBoth(input);
    assertTrue(out.stream().filter(s -> !s.startsWith("body[")).allMatch(s -> s.startsWith("bytes:")),
        () -> "every head read as bytes: " + out);
  }

  /** Pins: however the reads cut the bytes, the same requests come out (every cut of a pipelined stream, and byte by byte). */
  @Test
  void everySplitOfTheReadsGivesTheSameRequests() {
    String input = "GET /1 HTTP/1.1\r\nHost: a\r\nx-meshkit-shard-key: k\r\n\r\n"
        + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"
        + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n";
    List<String> whole = throughBoth(input);
    List<Executable> checks = new ArrayList<>();
    for (int cut = 1; cut < input.length(); cut++) {
      int at = cut;
      checks.add(() -> {
        EmbeddedChannel front = front();
        front.writeInbound(ascii(input.substring(0, at)));
        front.writeInbound(ascii(input.substring(at)));
        List<String> out = decoded(front, true);
        assertFalse(front.finishAndReleaseAll());
        assertEquals(whole, out, "cut at " + at);
      });
    }
    checks.add(() -> {
      EmbeddedChannel front = front();
      for (char c : input.toCharArray()) {
        front.writeInbound(ascii(String.valueOf(c)));
      }
      assertEquals(whole, decoded(front, true), "byte by byte");
      assertFalse(front.finishAndReleaseAll());
    });
    assertAll(checks);
  }

  static Stream<Arguments> notPlain() {
    return Stream.of(
        Arguments.of("HTTP/1.0", "GET /a HTTP/1.0\r\nHost: a\r\n\r\n"),
        Arguments.of("a chunked body", "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of("an upgrade", "GET /a HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"),
        Arguments.of("Expect: 100-continue", "PUT /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
            + "Content-Length: 2\r\n\r\nok"),
        Arguments.of("a Connection naming a header", "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close, X-Hop\r\n"
            + "X-Hop: 1\r\n\r\n"),
        Arguments.of("an absolute-form target", "GET http://a.example/b HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("an asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("another method", "PROPFIND /a HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("a lower-case method", "get /a HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("an empty line first", "\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("two spaces in the request line", "GET  /a HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("a folded line", "GET /a HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n"),
        Arguments.of("obs-text in a value", "GET /a HTTP/1.1\r\nHost: a\r\nX-A: caf\u00e9\r\n\r\n"),
        Arguments.of("an x-http2 name", "GET /a HTTP/1.1\r\nHost: a\r\nx-http2-scheme: https\r\n\r\n"),
        Arguments.of("two equal lengths", "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n"
            + "\r\nok"),
        Arguments.of("a bare LF", "GET /a HTTP/1.1\nHost: a\n\n"),
        // What Netty refuses, it still refuses:
        Arguments.of("whitespace before a colon", "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello"),
        Arguments.of("both framings", "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of("two different lengths", "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
            + "Content-Length: 3\r\n\r\nabc"),
        Arguments.of("a length that is not a number", "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1a\r\n\r\nx"),
        Arguments.of("a control character in a value", "GET /a HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n"),
        Arguments.of("a name that is not a token", "GET /a HTTP/1.1\r\nHost: a\r\nX(A): 1\r\n\r\n"),
        Arguments.of("a request line too long", "GET /" + "a".repeat(FrontChannels.MAX_INITIAL_LINE_BYTES)
            + " HTTP/1.1\r\nHost: a\r\n\r\n"),
        Arguments.of("too many header bytes", "GET /a HTTP/1.1\r\nHost: a\r\nX-A: "
            + "a".repeat(FrontChannels.MAX_HEADER_BYTES) + "\r\n\r\n"));
  }

  /**
   * Pins: a request that is not plain goes to Netty's decoder whole, which makes of it what it always made
   * (a refusal included); and when that decoder ends it well, a plain request after it is read as bytes.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("notPlain")
  void anythingElseGoesToNettysDecoderThenBytesAgain(String name, String input) {
    String plain = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";
    List<String> out = throughBoth(input + plain);
    assertFalse(out.get(0).startsWith("bytes:"), () -> "not read as bytes: " + out);
    boolean refused = out.stream().anyMatch(s -> s.contains("FAILED"));
    if (!refused) {
      assertTrue(out.get(out.size() - 2).startsWith("bytes:GET /next"), () -> "the next one as bytes: " + out);
    } else {
      assertTrue(out.stream().noneMatch(s -> s.startsWith("bytes:")), () -> "nothing after a refusal: " + out);
    }
  }

  /** Pins: the refusals above are refusals (so that the comparison with Netty's decoder covers them). */
  @Test
  void whatNettyRefusesIsRefused() {
    for (String input : List.of("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello",
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1a\r\n\r\nx")) {
      List<String> out = throughBoth(input);
      assertTrue(out.get(0).startsWith("FAILED"), () -> input + " → " + out);
    }
  }

  /** Pins: a body read as bytes comes as slices of what was read, each piece's bytes once, then its end. */
  @Test
  void aBodyReadAsBytesIsPassedOnAsItCame() {
    EmbeddedChannel ch = front();
    ch.writeInbound(ascii("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"));
    RequestHead head = assertInstanceOf(RequestHead.class, ch.readInbound());
    assertEquals(10, head.contentLength());
    assertTrue(head.keepAlive());
    head.release();
    HttpContent first = assertInstanceOf(HttpContent.class, ch.readInbound());
    assertFalse(first instanceof LastHttpContent);
    assertEquals("abc", text(first.content()));
    first.release();
    ch.writeInbound(ascii("defghij"));
    LastHttpContent last = assertInstanceOf(LastHttpContent.class, ch.readInbound());
    assertEquals("defghij", text(last.content()));
    last.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  private static DefaultFullHttpResponse threeBytes() {
    DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, ascii("abc"));
    r.headers().set("content-length", "3");
    return r;
  }

  /** The methods of the request heads decoded so far (bytes or objects), releasing everything. */
  private static List<HttpMethod> methods(EmbeddedChannel ch) {
    List<HttpMethod> methods = new ArrayList<>();
    for (Object m; (m = ch.readInbound()) != null; ) {
      if (m instanceof RequestHead r) {
        methods.add(r.method());
      } else if (m instanceof HttpRequest r) {
        methods.add(r.method());
      }
      ReferenceCountUtil.release(m);
    }
    return methods;
  }

  /** Pins: the answer to a HEAD goes out without its body, whichever way the HEAD was read. */
  @Test
  void theAnswerToHeadGoesOutWithoutBody() {
    for (String head : List.of("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", "HEAD / HTTP/1.0\r\nHost: a\r\n\r\n")) {
      EmbeddedChannel ch = front();
      ch.writeInbound(ascii(head));
      assertEquals(List.of(HttpMethod.HEAD), methods(ch));
      ch.writeOutbound(threeBytes());
      assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n", outbound(ch), head);
      assertFalse(ch.finishAndReleaseAll());
    }
  }

  /**
   * Pins: a raw answer (RawHead and ByteBufs) goes out byte for byte, and takes its request's place in the
   * pairing: with GET, HEAD (read by Netty's decoder: HTTP/1.0) and GET pipelined, the raw answer to the
   * first GET leaves the object answer to the HEAD bodiless; and the last GET's object answer keeps its body.
   */
  @Test
  void aRawAnswerGoesOutAsItIsAndKeepsThePairing() {
    EmbeddedChannel ch = front();
    ch.writeInbound(ascii("GET /a HTTP/1.1\r\nHost: a\r\n\r\nHEAD /b HTTP/1.0\r\nHost: a\r\n\r\n"
        + "GET /c HTTP/1.1\r\nHost: a\r\n\r\n"));
    assertEquals(List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.GET), methods(ch));

    String rawHead = "HTTP/1.1 200 OK\r\nServer: backend\r\nTransfer-Encoding: chunked\r\n"
        + "x-meshkit-route-revision: 42\r\n\r\n";
    String rawBody1 = "5;ext\r\nhello\r\n";
    String rawBody2 = "0\r\nX-Sum: 1\r\n\r\n";
    ch.writeOutbound(new RawHead(ascii(rawHead)), ascii(rawBody1), ascii(rawBody2));
    assertEquals(rawHead + rawBody1 + rawBody2, outbound(ch), "the raw answer, byte for byte");

    ch.writeOutbound(threeBytes());
    assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n", outbound(ch), "the HEAD's answer: no body");

    ch.writeOutbound(threeBytes());
    assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc", outbound(ch), "the last GET's: its body");
    assertFalse(ch.finishAndReleaseAll());
  }

  /**
   * Pins: a request with both Transfer-Encoding: chunked and Content-Length (request smuggling's
   * signature) is refused by the decoder as FrontChannels configures it, as HttpServerCodec refused it:
   * the relay answers 400 and closes.
   */
  @Test
  void aRequestWithBothFramingsIsRefused() {
    EmbeddedChannel ch = front();
    ch.writeInbound(ascii("POST /orders HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
    Object first = ch.readInbound();
    try {
      HttpRequest request = assertInstanceOf(HttpRequest.class, first);
      assertTrue(request.decoderResult().isFailure(), () -> "decoder result: " + request.decoderResult());
    } finally {
      ReferenceCountUtil.release(first);
      ch.finishAndReleaseAll();
    }
  }
}
