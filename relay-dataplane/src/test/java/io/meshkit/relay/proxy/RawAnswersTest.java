package io.meshkit.relay.proxy;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte path for HTTP/1.1 backend answers: {@link AnswerHead} (which heads are plain), {@link RawAnswers}
 * (following the framing over any read split, falling back to Netty's decoder), {@link ProxyHeaders}'s
 * byte head (the same bytes as the object path). {@link FrontCodecTest} has the client's side.
 */
class RawAnswersTest {
  private static final String CRLF = "\r\n";
  private static final HttpRequest GET = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders/7");

  // ---------------------------------------------------------------------------------------------------
  // Helpers

  /** An answer head: the status line and header lines, each ended by CRLF, then the blank line. */
  private static String head(String statusLine, String... headers) {
    StringBuilder s = new StringBuilder(statusLine).append(CRLF);
    for (String h : headers) {
      s.append(h).append(CRLF);
    }
    return s.append(CRLF).toString();
  }

  static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, US_ASCII);
  }

  static String text(ByteBuf buf) {
    return buf.toString(US_ASCII);
  }

  /** {@link AnswerHead#parse} of {@code head} found at an offset within other bytes (a read holds more). */
  private static AnswerHead parse(String head) {
    ByteBuf buf = ascii("junk" + head + "body after");
    try {
      return AnswerHead.parse(buf, 4, head.length());
    } finally {
      buf.release();
    }
  }

  /** A backend connection's inbound side as the relay sets it up, buffers unpooled (leaks show in refCnt). */
  private static EmbeddedChannel backend() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
    RawAnswers.install(ch, new RawAnswers(new RawAnswers.Objects()));
    return ch;
  }

  /** Writes {@code wire} in pieces cut at {@code cuts} (ascending offsets); returns every message that came out. */
  private static List<Object> feed(EmbeddedChannel ch, List<ByteBuf> inputs, byte[] wire, int... cuts) {
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : wire.length;
      ByteBuf piece = Unpooled.copiedBuffer(wire, from, to - from);
      inputs.add(piece);
      ch.writeInbound(piece);
      from = to;
    }
    return drain(ch);
  }

  private static List<Object> drain(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    for (Object m; (m = ch.readInbound()) != null; ) {
      out.add(m);
    }
    return out;
  }

  /** Byte by byte: a cut after every byte. */
  private static int[] everyByte(int length) {
    return IntStream.range(1, length).toArray();
  }

  /**
   * Releases {@code messages} and checks nothing still holds their bytes or {@code inputs}: with an unpooled
   * allocator a slice shares its buffer's count, so a reference kept by the decoder shows here.
   */
  private static void releaseAndCheck(List<Object> messages, List<ByteBuf> inputs) {
    List<ReferenceCounted> counted = new ArrayList<>();
    for (Object m : messages) {
      boolean empty = m instanceof ByteBufHolder h && h.content().capacity() == 0; // EMPTY_BUFFER: never freed
      if (m instanceof ReferenceCounted r && !empty) {
        counted.add(r);
      }
    }
    messages.forEach(ReferenceCountUtil::release);
    for (ReferenceCounted r : counted) {
      assertEquals(0, r.refCnt(), () -> "still referenced: " + r);
    }
    for (ByteBuf in : inputs) {
      assertEquals(0, in.refCnt(), "an input buffer is still referenced");
    }
  }

  /** What came out for one answer read as bytes: the head's bytes, the body's bytes and where `last` was. */
  private record BytesAnswer(String head, String body, int pieces, List<Integer> lastAt) {}

  /** Reads {@code out} from index {@code from} as one answer in bytes: an AnswerHead then AnswerBytes up to the last. */
  private static BytesAnswer bytesAnswer(List<Object> out, int from) {
    AnswerHead head = assertInstanceOf(AnswerHead.class, out.get(from), () -> "not a head first: " + out);
    StringBuilder body = new StringBuilder();
    List<Integer> lastAt = new ArrayList<>();
    int pieces = 0;
    for (int i = from + 1; i < out.size() && out.get(i) instanceof AnswerBytes piece; i++) {
      body.append(text(piece.content()));
      if (piece.last()) {
        lastAt.add(pieces);
      } else {
        assertTrue(piece.content().isReadable(), "an empty piece that is not the last");
      }
      pieces++;
      if (piece.last()) {
        break;
      }
    }
    return new BytesAnswer(text(head.content()), body.toString(), pieces, lastAt);
  }

  /** HttpObjects read from {@code out}: every response (interim ones too), all content concatenated, whether a LastHttpContent ended them. */
  private record ObjectsAnswer(List<HttpResponse> responses, String content, boolean ended) {}

  private static ObjectsAnswer objects(List<Object> out) {
    List<HttpResponse> responses = new ArrayList<>();
    StringBuilder content = new StringBuilder();
    boolean ended = false;
    for (Object m : out) {
      HttpObject o = assertInstanceOf(HttpObject.class, m, () -> "not an HTTP object: " + m);
      assertTrue(o.decoderResult().isSuccess(), () -> "decoder failure: " + o.decoderResult());
      if (o instanceof HttpResponse r) {
        responses.add(r);
      }
      if (o instanceof HttpContent c) {
        content.append(text(c.content()));
      }
      ended = o instanceof LastHttpContent;
    }
    return new ObjectsAnswer(responses, content.toString(), ended);
  }

  // ---------------------------------------------------------------------------------------------------
  // 1. Equivalence of the byte head with the object path

  private static final RoutingTable EMPTY = RoutingTable.empty();
  private static final RoutingTable AT_42 = FixedRouting.ownedBy(42, "node-1", "10.0.0.1:7000");
  /** The same routes read from cluster "eu" of a federation, promoted at epoch 3. */
  private static final RoutingTable FEDERATED = FixedRouting.federated(43, 3, "node-1", "10.0.0.1:7000");

  /** Tables × routes: epoch 0 and > 0, with and without a route. */
  private record Routing(String name, RoutingTable table, Route route) {}

  private static List<Routing> routings() {
    assertEquals(3, FEDERATED.epoch(), "the federated table has an epoch");
    return List.of(new Routing("empty table, no route", EMPTY, null),
        new Routing("revision 42", AT_42, AT_42.route("orders", 2).orElseThrow()),
        new Routing("revision 43 epoch 3", FEDERATED, FEDERATED.route("orders", 1).orElseThrow()),
        new Routing("revision 43 epoch 3, no route", FEDERATED, null));
  }

  /** The object path: Netty's decoder, ProxyHeaders.incoming on the HttpResponse, Netty's encoder (head only). */
  private static String objectPath(String head, Routing r, boolean keepAlive, boolean replica) {
    HttpResponse response = decoded(head);
    ProxyHeaders.incoming(response, new DecodedRequest(GET), r.table(), r.route(), keepAlive);
    if (replica) {
      response.headers().set(ProxyHeaders.SERVED_BY_REPLICA, "true");
    }
    return encoded(response);
  }

  /** {@code head} as Netty's decoder reads it (a response without content). */
  private static HttpResponse decoded(String head) {
    EmbeddedChannel decoder = new EmbeddedChannel(new HttpResponseDecoder());
    decoder.writeInbound(ascii(head));
    HttpResponse decoded = decoder.readInbound();
    decoder.finishAndReleaseAll();
    assertTrue(decoded.decoderResult().isSuccess(), () -> "Netty refused " + head);
    return new DefaultHttpResponse(decoded.protocolVersion(), decoded.status(), decoded.headers());
  }

  /** The head Netty's encoder writes for {@code response}. */
  private static String encoded(HttpResponse response) {
    EmbeddedChannel encoder = new EmbeddedChannel(new HttpResponseEncoder());
    encoder.writeOutbound(response);
    String out = outbound(encoder);
    encoder.finishAndReleaseAll();
    return out;
  }

  /** {@code head} spelled as Netty writes heads: {@code name: value}, single spaces. */
  private static String respelled(String head) {
    return encoded(decoded(head));
  }

  /** The byte path: AnswerHead.parse, then ProxyHeaders.incoming on it. */
  private static String bytePath(AnswerHead answer, Routing r, boolean keepAlive, boolean replica) {
    ByteBuf out = ProxyHeaders.incoming(answer, UnpooledByteBufAllocator.DEFAULT, r.table(), r.route(), keepAlive,
        replica);
    try {
      return text(out);
    } finally {
      out.release();
    }
  }

  /** Every keepAlive × replica × routing combination: one assertion each, all reported. */
  private static void assertSameHeadBothWays(String head) {
    assertSameHeadBothWays(head, false);
  }

  /** As {@link #assertSameHeadBothWays(String)}; {@code respell}: the byte path's head spelled as Netty writes heads. */
  private static void assertSameHeadBothWays(String head, boolean respell) {
    AnswerHead answer = parse(head);
    assertNotNull(answer, () -> "not taken as plain: " + head);
    try {
      List<Executable> checks = new ArrayList<>();
      for (Routing r : routings()) {
        for (boolean keepAlive : new boolean[] {true, false}) {
          for (boolean replica : new boolean[] {false, true}) {
            checks.add(() -> {
              String bytes = bytePath(answer, r, keepAlive, replica);
              assertEquals(objectPath(head, r, keepAlive, replica), respell ? respelled(bytes) : bytes,
                  r.name() + ", keepAlive " + keepAlive + ", replica " + replica);
            });
          }
        }
      }
      assertAll(head, checks);
    } finally {
      answer.release();
    }
  }

  static Stream<Arguments> realisticAnswers() {
    String date = "Date: Tue, 04 Mar 2025 10:00:00 GMT";
    return Stream.of(
        Arguments.of("nginx, length, keep-alive", head("HTTP/1.1 200 OK", "Server: nginx/1.25.3", date,
            "Content-Type: application/json", "Content-Length: 17", "Connection: keep-alive")),
        Arguments.of("chunked, Transfer-Encoding the last line, no trailers", head("HTTP/1.1 200 OK",
            "Server: nginx/1.25.3", date, "Content-Type: text/html; charset=utf-8", "transfer-encoding: chunked")),
        Arguments.of("nginx, chunked, no trailers", head("HTTP/1.1 200 OK", "Server: nginx/1.25.3", date,
            "Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked", "Connection: keep-alive")),
        Arguments.of("chunked with trailers announced", head("HTTP/1.1 200 OK", "Content-Type: text/plain",
            "Trailer: X-Checksum", "Transfer-Encoding: chunked", "Vary: Accept-Encoding")),
        Arguments.of("204", head("HTTP/1.1 204 No Content", "Server: nginx/1.25.3", date)),
        Arguments.of("304 with Content-Length", head("HTTP/1.1 304 Not Modified", "ETag: \"33a64df5\"",
            "Content-Length: 1234", "Cache-Control: max-age=60", date)),
        Arguments.of("Connection: close", head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 2",
            "Connection: close")),
        Arguments.of("names in mixed case", head("HTTP/1.1 404 Not Found", "content-TYPE: text/plain",
            "CONTENT-LENGTH: 9", "X-Request-Id: 7f3a", "connection: Keep-Alive", "set-COOKIE: a=1")),
        Arguments.of("Keep-Alive and Proxy-Authenticate", head("HTTP/1.1 407 Proxy Authentication Required",
            "Proxy-Authenticate: Basic realm=\"relay\"", "Keep-Alive: timeout=5, max=100", "Content-Length: 0",
            "Connection: keep-alive", "Server: envoy")),
        Arguments.of("repeated names, interleaved", head("HTTP/1.1 201 Created", "Set-Cookie: a=1",
            "Location: /orders/8", "Set-Cookie: b=2", "Content-Length: 4")),
        Arguments.of("Content-Length 0", head("HTTP/1.1 200 OK", "Content-Length: 0")));
  }

  /** Pins: for each realistic plain answer the client gets the same head bytes whichever path it took. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("realisticAnswers")
  void theByteHeadIsTheObjectPathsHead(String name, String head) {
    assertSameHeadBothWays(head);
  }

  static Stream<Arguments> unusualSpellings() {
    return Stream.of(
        Arguments.of("204 with Content-Length: 0", head("HTTP/1.1 204 No Content", "Content-Length: 0")),
        Arguments.of("205 with Content-Length: 0", head("HTTP/1.1 205 Reset Content", "Content-Length: 0",
            "Server: x")),
        Arguments.of("no space after the colon", head("HTTP/1.1 200 OK", "Content-Length:5", "Server:x")),
        Arguments.of("spaces around a value", head("HTTP/1.1 200 OK", "Server:   nginx  ", "Content-Length: 5")),
        Arguments.of("an empty value", head("HTTP/1.1 200 OK", "X-Empty:", "Content-Length: 5")),
        Arguments.of("no reason phrase", head("HTTP/1.1 200", "Content-Length: 5")),
        Arguments.of("Content-Length with leading zeros", head("HTTP/1.1 200 OK", "Content-Length: 005")));
  }

  /**
   * Pins: a head the byte path takes (parse not null) yields the object path's message even when spelled
   * unusually — the backend's spelling of whitespace and reason phrase is kept, so the two are compared
   * once the byte path's is spelled Netty's way; where parse refuses it (204 with Content-Length, 205:
   * Netty's encoder rewrites their framing), the object path runs and there is nothing to compare.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualSpellings")
  void unusualSpellingsTakenAsBytesGiveTheObjectPathsMessageToo(String name, String head) {
    AnswerHead answer = parse(head);
    assumeTrue(answer != null, "falls back to objects");
    answer.release();
    assertSameHeadBothWays(head, true);
  }

  // ---------------------------------------------------------------------------------------------------
  // 2. Which heads are plain

  /** Pins: each kind of answer the class comment lists as not plain is refused, one line each. */
  @Test
  void nonPlainHeadsAreRefused() {
    List<String[]> cases = List.of(
        new String[] {"HTTP/1.0", head("HTTP/1.0 200 OK", "Content-Length: 2")},
        new String[] {"HTTP/2 spelled", head("HTTP/2.0 200 OK", "Content-Length: 2")},
        new String[] {"100 Continue", head("HTTP/1.1 100 Continue")},
        new String[] {"101 Switching Protocols", head("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket",
            "Connection: Upgrade")},
        new String[] {"103 Early Hints", head("HTTP/1.1 103 Early Hints", "Link: </a.css>; rel=preload")},
        new String[] {"close-delimited body", head("HTTP/1.1 200 OK", "Content-Type: text/plain")},
        new String[] {"Connection naming a header", head("HTTP/1.1 200 OK", "Connection: keep-alive, X-Hop",
            "X-Hop: 1", "Content-Length: 2")},
        new String[] {"Connection naming only a header", head("HTTP/1.1 200 OK", "Connection: X-Hop",
            "Content-Length: 2")},
        new String[] {"folded line (space)", head("HTTP/1.1 200 OK", "X-Long: a", " b", "Content-Length: 2")},
        new String[] {"folded line (tab)", head("HTTP/1.1 200 OK", "X-Long: a", "\tb", "Content-Length: 2")},
        new String[] {"duplicate Content-Length", head("HTTP/1.1 200 OK", "Content-Length: 2",
            "Content-Length: 2")},
        new String[] {"Content-Length not a number", head("HTTP/1.1 200 OK", "Content-Length: 2x")},
        new String[] {"Content-Length negative", head("HTTP/1.1 200 OK", "Content-Length: -1")},
        new String[] {"Content-Length empty", head("HTTP/1.1 200 OK", "Content-Length: ")},
        new String[] {"Content-Length and chunked", head("HTTP/1.1 200 OK", "Content-Length: 2",
            "Transfer-Encoding: chunked")},
        new String[] {"gzip, chunked", head("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked")},
        new String[] {"gzip alone", head("HTTP/1.1 200 OK", "Transfer-Encoding: gzip")},
        new String[] {"chunked twice", head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked",
            "Transfer-Encoding: chunked")},
        new String[] {"304 chunked", head("HTTP/1.1 304 Not Modified", "Transfer-Encoding: chunked")},
        new String[] {"x-meshkit-*", head("HTTP/1.1 200 OK", "X-Meshkit-Shard: forged/0", "Content-Length: 2")},
        new String[] {"x-http2-*", head("HTTP/1.1 200 OK", "x-http2-stream-id: 3", "Content-Length: 2")},
        new String[] {"space before the colon", head("HTTP/1.1 200 OK", "Content-Length : 2")},
        new String[] {"a line without a colon", head("HTTP/1.1 200 OK", "Content-Length 2")},
        new String[] {"a bare LF line end", "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\n"},
        new String[] {"a status that is not 3 digits", head("HTTP/1.1 2x0 OK", "Content-Length: 2")},
        new String[] {"64 header lines", head("HTTP/1.1 200 OK", lines(64))});
    assertAll(cases.stream().map(c -> (Executable) () -> {
      AnswerHead parsed = parse(c[1]);
      if (parsed != null) {
        parsed.release();
      }
      assertNull(parsed, c[0]);
    }));
  }

  /** {@code n} header lines: Content-Length: 0 and then n - 1 others. */
  private static String[] lines(int n) {
    String[] lines = new String[n];
    lines[0] = "Content-Length: 0";
    for (int i = 1; i < n; i++) {
      lines[i] = "X-Line-" + i + ": " + i;
    }
    return lines;
  }

  private static void assertPlain(String head, int status, boolean keepAlive, AnswerHead.Framing framing,
      long length) {
    AnswerHead answer = parse(head);
    assertNotNull(answer, () -> "refused: " + head);
    try {
      assertEquals(status, answer.status(), "status");
      assertEquals(keepAlive, answer.keepAlive(), "keepAlive");
      assertEquals(framing, answer.framing(), "framing");
      if (framing == AnswerHead.Framing.LENGTH) {
        assertEquals(length, answer.length(), "length");
      }
      assertEquals(head, text(answer.content()), "the head's bytes, and only them");
    } finally {
      answer.release();
    }
  }

  /** Pins: what parse records of plain heads (status, keep-alive, framing, length, the head's exact bytes). */
  @Test
  void plainHeadsAreRead() {
    assertAll(
        () -> assertPlain(head("HTTP/1.1 200 OK", "Content-Length: 17"), 200, true, AnswerHead.Framing.LENGTH, 17),
        () -> assertPlain(head("HTTP/1.1 200 OK", "content-length:  0 "), 200, true, AnswerHead.Framing.LENGTH, 0),
        () -> assertPlain(head("HTTP/1.1 503 Service Unavailable", "Content-Length: 123456789012",
            "Connection: close"), 503, false, AnswerHead.Framing.LENGTH, 123456789012L),
        () -> assertPlain(head("HTTP/1.1 200 OK", "Transfer-Encoding: Chunked"), 200, true,
            AnswerHead.Framing.CHUNKED, -1),
        () -> assertPlain(head("HTTP/1.1 200 OK", "Connection: Keep-Alive", "Transfer-Encoding: chunked"), 200, true,
            AnswerHead.Framing.CHUNKED, -1),
        () -> assertPlain(head("HTTP/1.1 200 OK", "Connection: keep-alive, close", "Content-Length: 1"), 200, false,
            AnswerHead.Framing.LENGTH, 1),
        () -> assertPlain(head("HTTP/1.1 204 No Content"), 204, true, AnswerHead.Framing.NONE, -1),
        () -> assertPlain(head("HTTP/1.1 304 Not Modified", "Content-Length: 99"), 304, true,
            AnswerHead.Framing.NONE, -1),
        () -> assertPlain(head("HTTP/1.1 200 OK", lines(63)), 200, true, AnswerHead.Framing.LENGTH, 0));
  }

  /** Pins: hop-by-hop lines are marked by their index after the status line, end-to-end ones are not. */
  @Test
  void hopByHopLinesAreMarkedDropped() {
    AnswerHead answer = parse(head("HTTP/1.1 200 OK", "Server: a", "Connection: keep-alive", "Keep-Alive: timeout=5",
        "Content-Length: 2", "Proxy-Authenticate: Basic", "X-Not-Hop: 1", "Trailer: X-Sum", "Upgrade: h2c",
        "Proxy-Connection: keep-alive"));
    assertNotNull(answer);
    try {
      boolean[] expected = {false, true, true, false, true, false, true, true, true};
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], answer.dropped(i), "line " + i);
      }
      assertFalse(answer.dropped(63), "past the lines");
    } finally {
      answer.release();
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // 3. RawAnswers in bytes mode, over every read split

  private static final String LENGTH_HEAD = head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 26");
  private static final String LENGTH_BODY = "abcdefghijklmnopqrstuvwxyz";
  private static final String CHUNKED_HEAD = head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked",
      "Trailer: X-Checksum");
  /** Chunks with extensions (one quoted, with a CR-free value), upper- and lower-case hex, then two trailer lines. */
  private static final String CHUNKED_BODY = "5;name=value\r\nhello\r\n"
      + "1A ; ext=\"q;v\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
      + "a\r\n0123456789\r\n"
      + "0;last\r\n"
      + "X-Checksum: 1234\r\nX-Other: y\r\n\r\n";
  private static final String CHUNKED_BODY_NO_TRAILERS = "3\r\nabc\r\n0\r\n\r\n";

  /** One answer in bytes mode, cut at {@code cuts}: the head, then the body as sent, one last piece at the end. */
  private static void assertReadAsBytes(String head, String body, int... cuts) {
    EmbeddedChannel ch = backend();
    List<ByteBuf> inputs = new ArrayList<>();
    RawAnswers.expect(ch, true, false);
    List<Object> out = feed(ch, inputs, (head + body).getBytes(US_ASCII), cuts);
    String split = "cuts " + Arrays.toString(cuts);
    try {
      BytesAnswer answer = bytesAnswer(out, 0);
      assertEquals(head, answer.head(), split);
      assertEquals(body, answer.body(), split);
      assertEquals(List.of(answer.pieces() - 1), answer.lastAt(), () -> "one last piece, the final one; " + split);
      assertEquals(1 + answer.pieces(), out.size(), () -> "nothing else came out: " + out + "; " + split);
      assertFalse(ch.finish(), split);
      out.addAll(drain(ch));
    } finally {
      releaseAndCheck(out, inputs);
    }
  }

  private static void assertEverySplit(String head, String body) {
    int length = head.length() + body.length();
    assertReadAsBytes(head, body);
    assertReadAsBytes(head, body, everyByte(length));
    for (int cut = 1; cut < length; cut++) {
      assertReadAsBytes(head, body, cut);
    }
  }

  /** Pins: a Content-Length body comes out whole and ends exactly at its length, however the reads split it. */
  @Test
  void aLengthBodyComesOutAsSentOverEverySplit() {
    assertEverySplit(LENGTH_HEAD, LENGTH_BODY);
  }

  /** Pins: a chunked body (extensions, trailers) comes out framing included, ending after the trailer section. */
  @Test
  void aChunkedBodyComesOutAsSentOverEverySplit() {
    assertEverySplit(CHUNKED_HEAD, CHUNKED_BODY);
    assertEverySplit(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"), CHUNKED_BODY_NO_TRAILERS);
  }

  /** Pins: answers with no body (204, 304, Content-Length: 0) end at their head with an empty last piece. */
  @Test
  void bodilessAnswersEndAtTheirHead() {
    for (String head : List.of(head("HTTP/1.1 204 No Content", "Server: a"),
        head("HTTP/1.1 304 Not Modified", "Content-Length: 99"), head("HTTP/1.1 200 OK", "Content-Length: 0"))) {
      assertReadAsBytes(head, "");
      assertReadAsBytes(head, "", everyByte(head.length()));
    }
  }

  /** Pins: two answers on one connection, each expected as bytes, come out as two answers. */
  @Test
  void twoAnswersBackToBack() {
    EmbeddedChannel ch = backend();
    List<ByteBuf> inputs = new ArrayList<>();
    List<Object> out = new ArrayList<>();
    try {
      RawAnswers.expect(ch, true, false);
      out.addAll(feed(ch, inputs, (LENGTH_HEAD + LENGTH_BODY).getBytes(US_ASCII), 10, 70));
      RawAnswers.expect(ch, true, false);
      out.addAll(feed(ch, inputs, (CHUNKED_HEAD + CHUNKED_BODY).getBytes(US_ASCII), 3, 60, 61));

      BytesAnswer first = bytesAnswer(out, 0);
      assertEquals(LENGTH_HEAD, first.head());
      assertEquals(LENGTH_BODY, first.body());
      assertEquals(List.of(first.pieces() - 1), first.lastAt());
      BytesAnswer second = bytesAnswer(out, 1 + first.pieces());
      assertEquals(CHUNKED_HEAD, second.head());
      assertEquals(CHUNKED_BODY, second.body());
      assertEquals(List.of(second.pieces() - 1), second.lastAt());
      assertEquals(2 + first.pieces() + second.pieces(), out.size(), () -> "nothing else: " + out);
      assertFalse(ch.finish());
    } finally {
      releaseAndCheck(out, inputs);
    }
  }

  /**
   * Pins: bytes after an answer's end (here in the same read as its last bytes, with no expect in between)
   * are not that answer's: they go on to the objects decoder and come out as HTTP objects.
   */
  @Test
  void bytesAfterAnAnswerGoToTheObjectsDecoder() {
    String next = head("HTTP/1.1 200 OK", "Content-Length: 2") + "ok";
    for (String[] answer : List.of(new String[] {LENGTH_HEAD, LENGTH_BODY}, new String[] {CHUNKED_HEAD, CHUNKED_BODY},
        new String[] {head("HTTP/1.1 204 No Content"), ""})) {
      EmbeddedChannel ch = backend();
      List<ByteBuf> inputs = new ArrayList<>();
      List<Object> out = new ArrayList<>();
      try {
        RawAnswers.expect(ch, true, false);
        out.addAll(feed(ch, inputs, (answer[0] + answer[1] + next).getBytes(US_ASCII)));
        BytesAnswer first = bytesAnswer(out, 0);
        assertEquals(answer[1], first.body());
        assertEquals(List.of(first.pieces() - 1), first.lastAt());
        ObjectsAnswer rest = objects(out.subList(1 + first.pieces(), out.size()));
        assertEquals(1, rest.responses().size(), () -> "after the answer: " + out);
        assertEquals(200, rest.responses().get(0).status().code());
        assertEquals("ok", rest.content());
        assertTrue(rest.ended());
        assertFalse(ch.finish());
      } finally {
        releaseAndCheck(out, inputs);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // 4. Fallback to objects, and objects mode

  /** Feeds {@code wire} in bytes mode (whole or byte by byte), closes, and checks what came out as objects. */
  private static void fallback(String wire, boolean byteByByte, Consumer<ObjectsAnswer> check) {
    EmbeddedChannel ch = backend();
    List<ByteBuf> inputs = new ArrayList<>();
    List<Object> out = new ArrayList<>();
    try {
      RawAnswers.expect(ch, true, false);
      byte[] bytes = wire.getBytes(US_ASCII);
      out.addAll(feed(ch, inputs, bytes, byteByByte ? everyByte(bytes.length) : new int[0]));
      ch.finish();
      out.addAll(drain(ch));
      check.accept(objects(out));
    } finally {
      releaseAndCheck(out, inputs);
    }
  }

  /** Pins: a non-plain answer asked for as bytes comes out as Netty's objects, whole, whatever the split. */
  @Test
  void nonPlainAnswersFallBackToObjects() {
    for (boolean byteByByte : new boolean[] {false, true}) {
      fallback(head("HTTP/1.0 200 OK", "Content-Length: 5") + "hello", byteByByte, a -> {
        assertEquals(1, a.responses().size());
        assertEquals(HttpVersion.HTTP_1_0, a.responses().get(0).protocolVersion());
        assertEquals("hello", a.content());
        assertTrue(a.ended());
      });
      fallback(head("HTTP/1.1 200 OK", "Content-Type: text/plain") + "until the close", byteByByte, a -> {
        assertEquals(1, a.responses().size());
        assertEquals("until the close", a.content(), "a close-delimited body, ended by the close");
        assertTrue(a.ended());
      });
      fallback(head("HTTP/1.1 100 Continue") + head("HTTP/1.1 200 OK", "Content-Length: 2") + "ok", byteByByte,
          a -> {
            assertEquals(List.of(100, 200), a.responses().stream().map(r -> r.status().code()).toList());
            assertEquals("ok", a.content());
            assertTrue(a.ended());
          });
      fallback(head("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked") + "3\r\nabc\r\n0\r\n\r\n", byteByByte,
          a -> {
            assertEquals(1, a.responses().size());
            assertEquals("abc", a.content(), "chunks read by Netty");
            assertTrue(a.ended());
          });
    }
  }

  /**
   * Pins: the answer to a HEAD (objects mode, toHead) ends at its head although it says Content-Length: 5,
   * and the next answer on the connection is read from the next byte.
   */
  @Test
  void anAnswerToHeadHasNoBody() {
    for (boolean asBytes : new boolean[] {false, true}) {
      EmbeddedChannel ch = backend();
      List<ByteBuf> inputs = new ArrayList<>();
      List<Object> out = new ArrayList<>();
      try {
        RawAnswers.expect(ch, asBytes, true);
        out.addAll(feed(ch, inputs, head("HTTP/1.1 200 OK", "Content-Length: 5").getBytes(US_ASCII)));
        ObjectsAnswer headAnswer = objects(out);
        assertEquals(1, headAnswer.responses().size(), () -> "asBytes " + asBytes + ": " + out);
        assertEquals("5", headAnswer.responses().get(0).headers().get("content-length"));
        assertEquals("", headAnswer.content());
        assertTrue(headAnswer.ended(), "ended without waiting for 5 bytes");

        RawAnswers.expect(ch, false, false);
        List<Object> next = feed(ch, inputs, (head("HTTP/1.1 200 OK", "Content-Length: 2") + "ok").getBytes(US_ASCII));
        out.addAll(next);
        ObjectsAnswer nextAnswer = objects(next);
        assertEquals(1, nextAnswer.responses().size());
        assertEquals("ok", nextAnswer.content());
        assertTrue(nextAnswer.ended());
        assertFalse(ch.finish());
      } finally {
        releaseAndCheck(out, inputs);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // 5. Malformed chunked framing

  /** Pins: broken chunk framing from a backend is an error (DecoderException), not a guess, whole or byte by byte. */
  @Test
  void malformedChunksAreErrors() {
    String chunkedHead = head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked");
    List<String[]> cases = List.of(
        new String[] {"data not followed by CRLF", "3\r\nabcX\r\n0\r\n\r\n"},
        new String[] {"data followed by CR then not LF", "3\r\nabc\rX0\r\n\r\n"},
        new String[] {"a bad character in the size", "3g\r\nabc\r\n0\r\n\r\n"},
        new String[] {"no size", "\r\nabc\r\n0\r\n\r\n"},
        new String[] {"a size line's CR not followed by LF", "3\rXabc\r\n0\r\n\r\n"},
        new String[] {"more than 15 hex digits", "1000000000000000\r\n"},
        new String[] {"a trailer line's CR not followed by LF", "0\r\nX-A: 1\rX\r\n\r\n"});
    List<Executable> checks = new ArrayList<>();
    for (String[] c : cases) {
      for (boolean byteByByte : new boolean[] {false, true}) {
        checks.add(() -> {
          EmbeddedChannel ch = backend();
          RawAnswers.expect(ch, true, false);
          byte[] wire = (chunkedHead + c[1]).getBytes(US_ASCII);
          DecoderException thrown = assertThrows(DecoderException.class, () -> {
            for (int from = 0, step = byteByByte ? 1 : wire.length; from < wire.length; from += step) {
              ch.writeInbound(Unpooled.copiedBuffer(wire, from, Math.min(step, wire.length - from)));
            }
          }, c[0] + (byteByByte ? ", byte by byte" : ""));
          assertTrue(String.valueOf(thrown.getMessage()).contains("malformed"), thrown::toString);
          try {
            ch.finishAndReleaseAll();
          } catch (DecoderException afterwards) {
            // the connection is broken; closing it may report so again
          }
        });
      }
    }
    assertAll(checks);
  }

  // ---------------------------------------------------------------------------------------------------
  /** Everything written out of {@code ch} so far, as text (released). */
  static String outbound(EmbeddedChannel ch) {
    StringBuilder s = new StringBuilder();
    for (Object m; (m = ch.readOutbound()) != null; ) {
      s.append(text(assertInstanceOf(ByteBuf.class, m)));
      ReferenceCountUtil.release(m);
    }
    return s.toString();
  }
}
