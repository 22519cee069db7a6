package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy with real sockets on loopback: real backends (JDK HTTP servers), real clients, routing
 * from real tables. Bodies stream both ways without being held whole, a reader that stops stops the
 * writer on the other side (backpressure), a 421 is retried once with the same body, a saturated
 * backend gets a fast 503, and h2c works towards clients (upgrade and prior knowledge) and backends.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RelayStreamingTest {
  private static final int MIB = 1 << 20;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A backend on loopback; its context attribute "name" is its endpoint. */
  private String backend(HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    String endpoint = "127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", handler).getAttributes().put("name", endpoint);
    server.start();
    open.add(() -> server.stop(0));
    return endpoint;
  }

  private RelayProxy relay(FixedRouting routing, RelayProxy.Settings settings, RelayMetrics metrics)
      throws InterruptedException {
    RelayProxy relay = RelayProxy.start("127.0.0.1:0", RouteRules.byHeaders("x-meshkit-namespace"), routing,
        settings, metrics);
    open.add(relay);
    return relay;
  }

  private RelayProxy relay(FixedRouting routing) throws InterruptedException {
    return relay(routing, new RelayProxy.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 64, 1024, 512L * MIB, 64 << 10), RelayMetrics.NONE);
  }

  private static HttpRequest.Builder request(RelayProxy relay, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + path))
        .header("x-meshkit-namespace", "orders").header("x-meshkit-shard-key", "customer-7")
        .timeout(Duration.ofSeconds(60));
  }

  /** Reads the whole request body, then answers its size and CRC-32 in headers and {@code size} bytes. */
  private static void echoSizes(HttpExchange ex) throws IOException {
    CRC32 crc = new CRC32();
    long read = 0;
    byte[] buf = new byte[64 << 10];
    try (InputStream in = ex.getRequestBody()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
        read += n;
      }
    }
    String size = ex.getRequestURI().getQuery() == null ? "0" : ex.getRequestURI().getQuery().replace("size=", "");
    ex.getResponseHeaders().set("x-body-bytes", Long.toString(read));
    ex.getResponseHeaders().set("x-body-crc", Long.toString(crc.getValue()));
    ex.sendResponseHeaders(200, 0); // chunked: the relay cannot know the length up front either
    try (OutputStream out = ex.getResponseBody()) {
      for (long left = Long.parseLong(size); left > 0; left -= buf.length) {
        out.write(buf, 0, (int) Math.min(left, buf.length));
      }
    }
  }

  /** {@code total} bytes of a repeating pattern, counting how many were taken. */
  private static InputStream pattern(long total, AtomicLong taken) {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        long left = total - taken.get();
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) ((taken.get() + i) % 251);
        }
        taken.addAndGet(n);
        return n;
      }
    };
  }

  private static long crcOf(long total) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[64 << 10];
    try (InputStream in = pattern(total, new AtomicLong())) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return crc.getValue();
  }

  @Test
  void largeBodiesStreamBothWaysIntact() throws Exception {
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", backend(RelayStreamingTest::echoSizes)));
    RelayProxy relay = relay(routing);
    long up = 40L * MIB;
    long down = 40L * MIB;
    HttpResponse<InputStream> r = http.send(request(relay, "/items?size=" + down)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> pattern(up, new AtomicLong()))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long received = 0;
    try (InputStream in = r.body()) {
      received = in.transferTo(OutputStream.nullOutputStream());
    }
    assertEquals(200, r.statusCode());
    assertEquals(Long.toString(up), r.headers().firstValue("x-body-bytes").orElseThrow());
    assertEquals(Long.toString(crcOf(up)), r.headers().firstValue("x-body-crc").orElseThrow());
    assertEquals(down, received);
    assertEquals("10", r.headers().firstValue("x-meshkit-route-revision").orElseThrow());
  }

  @Test
  void aClientThatStopsReadingStopsTheBackendsWrites() throws Exception {
    AtomicLong written = new AtomicLong();
    long total = 256L * MIB;
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", backend(ex -> {
      ex.sendResponseHeaders(200, total);
      byte[] buf = new byte[64 << 10];
      try (OutputStream out = ex.getResponseBody()) {
        for (long left = total; left > 0; left -= buf.length) {
          out.write(buf);
          written.addAndGet(buf.length);
        }
      } catch (IOException e) {
        // the client went away
      }
    })));
    RelayProxy relay = relay(routing);
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.setReceiveBufferSize(64 << 10);
      client.getOutputStream().write(("GET /big HTTP/1.1\r\nHost: t\r\nx-meshkit-namespace: orders\r\n"
          + "x-meshkit-shard-key: k\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = client.getInputStream();
      long read = in.readNBytes(MIB).length;
      Thread.sleep(2000); // the client stops reading
      long stalled = written.get();
      Thread.sleep(500);
      assertTrue(stalled < 64L * MIB, "the backend went on writing " + stalled + " bytes to a stopped client:"
          + " the relay is buffering instead of applying backpressure");
      assertEquals(stalled, written.get(), "the backend is blocked while the client does not read");
      read += in.readNBytes((int) (64L * MIB)).length;
      assertTrue(written.get() > stalled, "reading again resumes the backend");
      assertTrue(read > MIB);
    }
  }

  @Test
  void aBackendThatStopsReadingStopsTheClientsUpload() throws Exception {
    CountDownLatch resume = new CountDownLatch(1);
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", backend(ex -> {
      InputStream in = ex.getRequestBody();
      in.readNBytes(MIB);
      try {
        resume.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long rest = in.transferTo(OutputStream.nullOutputStream());
      byte[] answer = Long.toString(MIB + rest).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    })));
    RelayProxy relay = relay(routing);
    long total = 256L * MIB;
    AtomicLong taken = new AtomicLong();
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request(relay, "/upload")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> pattern(total, taken))).build(),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(2500);
    long stalled = taken.get();
    assertTrue(stalled < 64L * MIB, "the client could send " + stalled + " bytes to a backend that reads none:"
        + " the relay is buffering instead of applying backpressure");
    resume.countDown();
    HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode());
    assertEquals(Long.toString(total), r.body());
  }

  @Test
  void a421IsRetriedOnceWithTheSameBodyWhenItFitsTheReplayBuffer() throws Exception {
    AtomicInteger misdirected = new AtomicInteger();
    String old = backend(ex -> {
      ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
      misdirected.incrementAndGet();
      ex.sendResponseHeaders(421, -1);
      ex.close();
    });
    String owner = backend(ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "old", old));
    routing.onRefresh(FixedRouting.ownedBy(11, "new", owner));
    AtomicInteger reroutes = new AtomicInteger();
    RelayProxy relay = relay(routing, new RelayProxy.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 64, 1024, 8L * MIB, 64 << 10), new RelayMetrics() {
          @Override
          public void misdirected(String namespace) {
            reroutes.incrementAndGet();
          }
        });
    String body = "x".repeat(40_000);
    HttpResponse<String> r = http.send(request(relay, "/items").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals(body, r.body(), "the retry carries the same body");
    assertEquals("11", r.headers().firstValue("x-meshkit-route-revision").orElseThrow());
    assertEquals(1, misdirected.get());
    assertEquals(1, reroutes.get());
    assertEquals(1, routing.refreshes.get());

    // A body larger than the replay buffer is streamed without a copy: the 421 reaches the client.
    routing.set(FixedRouting.ownedBy(12, "old", old));
    routing.onRefresh(null);
    HttpResponse<String> big = http.send(request(relay, "/items").POST(HttpRequest.BodyPublishers.ofString(
        "y".repeat(200_000))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(421, big.statusCode());
    assertEquals(1, routing.refreshes.get(), "no refresh for a request that cannot be sent again");
  }

  @Test
  void aSaturatedBackendGetsAFast503AndTheLoadShowsIt() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", backend(ex -> {
      arrived.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(204, -1);
      ex.close();
    })));
    RelayProxy relay = relay(routing, new RelayProxy.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 1, 0, 8L * MIB, 64 << 10), RelayMetrics.NONE);
    CompletableFuture<HttpResponse<String>> first = http.sendAsync(request(relay, "/slow").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(arrived.await(30, TimeUnit.SECONDS));
    HttpResponse<String> second = http.send(request(relay, "/slow").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(503, second.statusCode());
    assertEquals("1", second.headers().firstValue("retry-after").orElseThrow());
    assertTrue(second.body().contains("saturated"), second.body());
    BackendLoad load = relay.load().get(0);
    assertEquals(1, load.inFlight());
    assertEquals(1, load.limit());
    assertEquals(1, load.rejected());
    release.countDown();
    assertEquals(204, first.get(30, TimeUnit.SECONDS).statusCode());
    assertEquals(0, relay.load().get(0).inFlight());
  }

  @Test
  void anOwnerGossipReportsDownGetsA503OrAReplicaForIdempotentRequestsWhenThePolicyAllows() throws Exception {
    HttpHandler named = ex -> {
      byte[] body = ex.getHttpContext().getAttributes().get("name").toString().getBytes(StandardCharsets.UTF_8);
      ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    };
    String owner = backend(named);
    String replica = backend(named);
    Set<String> down = ConcurrentHashMap.newKeySet();
    FixedRouting routing = new FixedRouting(FixedRouting.replicated(10, "n1", owner, "n2", replica, false));
    RelayProxy relay = RelayProxy.start("127.0.0.1:0", RouteRules.byHeaders("x-meshkit-namespace"), routing,
        down::contains, RelayProxy.Settings.defaults(), RelayMetrics.NONE);
    open.add(relay);
    assertEquals(200, http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString())
        .statusCode());

    down.add("n1");
    HttpResponse<String> refused = http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(503, refused.statusCode());
    assertEquals("2", refused.headers().firstValue("retry-after").orElseThrow());
    assertTrue(refused.body().contains("n1") && refused.body().contains("--relay-replica-fallback"), refused.body());

    routing.set(FixedRouting.replicated(11, "n1", owner, "n2", replica, true));
    HttpResponse<String> read = http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, read.statusCode());
    assertEquals("true", read.headers().firstValue("x-meshkit-replica").orElseThrow());
    assertEquals(replica, read.body(), "served by the replica");
    assertEquals(503, http.send(request(relay, "/a").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode(), "a POST is not idempotent: never to a replica");

    down.add("n2");
    assertEquals(503, http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "no replica up either");
    down.clear();
    HttpResponse<String> back = http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(owner, back.body(), "the owner again once gossip sees it up");
    assertTrue(back.headers().firstValue("x-meshkit-replica").isEmpty());
  }

  /**
   * A raw backend that answers the first request of each connection (keep-alive, as far as it says) and
   * closes the connection without answering the second: the race of a kept-alive connection closed by
   * the backend just as the relay reuses it.
   */
  private String closesOnTheSecondRequest(AtomicInteger connections) throws IOException {
    java.net.ServerSocket server = new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
    open.add(server);
    Thread accept = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          new Thread(() -> {
            try (s) {
              java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                  StandardCharsets.US_ASCII));
              int length = 0;
              for (String line; !(line = in.readLine()).isEmpty(); ) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                  length = Integer.parseInt(line.substring(15).strip());
                }
              }
              in.skip(length);
              s.getOutputStream().write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(
                  StandardCharsets.US_ASCII));
              s.getOutputStream().flush();
              in.readLine(); // the second request's first line arrives: close without an answer
            } catch (IOException | RuntimeException e) {
              // the connection is done
            }
          }).start();
        } catch (IOException e) {
          return;
        }
      }
    });
    accept.setDaemon(true);
    accept.start();
    return "127.0.0.1:" + server.getLocalPort();
  }

  @Test
  void anIdempotentRequestOnAKeptAliveConnectionTheBackendClosedGoesOnceMoreOnANewOne() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", closesOnTheSecondRequest(connections)));
    RelayProxy relay = relay(routing, new RelayProxy.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 1, 16, 8L * MIB, 64 << 10), RelayMetrics.NONE);
    assertEquals("ok", http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    HttpResponse<String> again = http.send(request(relay, "/a").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(2, connections.get(), "the GET went once more, on a new connection");
    HttpResponse<String> post = http.send(request(relay, "/a").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(502, post.statusCode(), "a POST the backend may have seen is not sent twice: " + post.body());
  }

  @Test
  void anHttp10ClientGetsABodyOfUnknownLengthDelimitedByTheClose() throws Exception {
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", backend(RelayStreamingTest::echoSizes)));
    RelayProxy relay = relay(routing);
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.getOutputStream().write(("GET /x?size=100000 HTTP/1.0\r\nx-meshkit-namespace: orders\r\n"
          + "x-meshkit-shard-key: k\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
      assertTrue(head.startsWith("http/1.1 200"), head);
      assertTrue(!head.contains("transfer-encoding") && head.contains("connection: close"), head);
      assertEquals(100000, answer.length() - head.length() - 4, "the whole body, then the close");
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitGets413() throws Exception {
    FixedRouting routing = new FixedRouting(FixedRouting.ownedBy(10, "b1", backend(RelayStreamingTest::echoSizes)));
    RelayProxy relay = relay(routing, new RelayProxy.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 4, 16, 1000, 64 << 10), RelayMetrics.NONE);
    HttpResponse<String> r = http.send(request(relay, "/items").POST(HttpRequest.BodyPublishers.ofString(
        "z".repeat(5000))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(413, r.statusCode());
    assertTrue(r.body().contains("maxBodyBytes"), r.body());
  }

  @Test
  void h2cTowardsClientsAndBackends() throws Exception {
    // client --(HTTP/2 via Upgrade: h2c)--> front relay --(h2c prior knowledge)--> inner relay --(HTTP/1.1)--> backend
    FixedRouting innerRouting = new FixedRouting(FixedRouting.ownedBy(20, "b1",
        backend(RelayStreamingTest::echoSizes)));
    AtomicInteger innerAnswered = new AtomicInteger();
    RelayProxy inner = relay(innerRouting, new RelayProxy.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 64, 1024, 512L * MIB, 64 << 10), new RelayMetrics() {
          @Override
          public void answered(String namespace, String endpoint, int status, long nanos) {
            innerAnswered.incrementAndGet();
          }
        });
    FixedRouting frontRouting = new FixedRouting(FixedRouting.ownedBy(30, "inner",
        "h2c://127.0.0.1:" + inner.port()));
    RelayProxy front = relay(frontRouting);
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> hello = h2.send(request(front, "/hello").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, hello.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, hello.version(), "the client's upgrade to h2c was taken");
    long up = 8L * MIB;
    HttpResponse<InputStream> r = h2.send(request(front, "/items?size=" + (12L * MIB))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> pattern(up, new AtomicLong()))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long received;
    try (InputStream in = r.body()) {
      received = in.transferTo(OutputStream.nullOutputStream());
    }
    assertEquals(200, r.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, r.version());
    assertEquals(Long.toString(up), r.headers().firstValue("x-body-bytes").orElseThrow());
    assertEquals(Long.toString(crcOf(up)), r.headers().firstValue("x-body-crc").orElseThrow());
    assertEquals(12L * MIB, received);
    assertEquals("30", r.headers().firstValue("x-meshkit-route-revision").orElseThrow());
    assertTrue(r.headers().firstValue("x-http2-stream-id").isEmpty(), "conversion headers stay on their hop");
    assertEquals(2, innerAnswered.get(), "both requests went through the inner relay over h2c");

    // An HTTP/1.1 client's plain request, read as bytes by the front, goes on to the h2c backend as an object.
    byte[] body = new byte[300_000];
    java.util.Arrays.fill(body, (byte) 'x');
    CRC32 crc = new CRC32();
    crc.update(body);
    HttpResponse<String> h1 = http.send(request(front, "/items?size=5").POST(HttpRequest.BodyPublishers.ofByteArray(
        body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, h1.statusCode());
    assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
    assertEquals("300000", h1.headers().firstValue("x-body-bytes").orElseThrow());
    assertEquals(Long.toString(crc.getValue()), h1.headers().firstValue("x-body-crc").orElseThrow());
    assertEquals(5, h1.body().length());
    assertEquals(3, innerAnswered.get(), "the HTTP/1.1 request went through the inner relay over h2c too");
  }
}
