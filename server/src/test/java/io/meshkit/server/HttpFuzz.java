package io.meshkit.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed and hostile HTTP/1.1 requests, written byte for byte on a raw socket (no client library
 * would send them), and what came back. Every request here must be refused or be a read: a test may
 * check that none changed the member's state.
 */
final class HttpFuzz {
  /** Endpoints of the admin server, reads and writes. */
  private static final List<String> PATHS = List.of("/healthz", "/readyz", "/metrics", "/control/namespaces",
      "/control/namespaces/orders", "/control/namespaces/orders/shards", "/control/namespaces/orders/shards/1",
      "/control/namespaces/orders/shards/1/transfer", "/control/nodes", "/control/nodes/n1/drain",
      "/control/snapshot", "/control/diff", "/control/audit", "/control/resolve", "/control/peers",
      "/control/clusters", "/control/clusters/c1", "/control/events/leadership", "/control/replication",
      "/meshkit/rebalance-plans", "/meshkit/rebalance-plans/1/approve", "/control/status", "/");
  private static final List<String> WRITE_PATHS = List.of("/control/namespaces", "/control/namespaces/orders",
      "/control/namespaces/orders/shards", "/control/nodes", "/control/nodes/n1", "/control/nodes/n1/drain",
      "/control/namespaces/orders/shards/1/transfer", "/control/clusters", "/meshkit/rebalance-plans",
      "/meshkit/rebalance-plans/1/approve");

  /**
   * A request and the answer's first bytes.
   *
   * @param answer what the server wrote before closing or going quiet (may be empty: dropped)
   */
  record Exchange(String request, String answer) {
    /** The HTTP status of the answer, or 0 when there was none. */
    int status() {
      return answer.startsWith("HTTP/1.1 ") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
    }
  }

  private final Random random;
  private final String host;
  private final int port;

  HttpFuzz(Random random, String hostPort) {
    this.random = random;
    int colon = hostPort.lastIndexOf(':');
    this.host = hostPort.substring(0, colon);
    this.port = Integer.parseInt(hostPort.substring(colon + 1));
  }

  /** Every kind of bad request once, then {@code randomOnes} random ones. */
  List<byte[]> requests(int randomOnes) {
    List<byte[]> out = new ArrayList<>();
    out.add(ascii("GET\r\n\r\n"));
    out.add(ascii("\r\n\r\n"));
    out.add(ascii("GET / HTTP/9.9\r\n\r\n"));
    out.add(ascii("BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    out.add(ascii("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    out.add(ascii("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(200_000) + "\r\n\r\n"));
    StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 1_000; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    out.add(ascii(many.append("\r\n").toString()));
    out.add(ascii("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"));
    out.add(ascii("GET /healthz HTTP/1.1\r\nHo\u0001st: x\r\n\r\n"));
    out.add(ascii("GET /control/namespaces/%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
    out.add(ascii("GET /control/events/leadership?scope=%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
    out.add(ascii("GET /control/nodes?limit=%G0&x=% HTTP/1.1\r\nHost: x\r\n\r\n"));
    out.add(ascii("GET /control/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
    out.add(ascii("GET /control/events/leadership HTTP/1.1\r\nHost: x\r\nLast-Event-ID: -99999999999999999999\r\n\r\n"));
    for (String body : List.of("{", "[1,2", "null", "\"x\"", "{\"name\": " + "[".repeat(20_000) + "}",
        "{\"name\": \"\", \"shard_count\": -5}", "{\"no_such_field\": 1}", "{\"name\": {\"a\": 1}}")) {
      out.add(post(WRITE_PATHS.get(random.nextInt(WRITE_PATHS.size())), body.getBytes(StandardCharsets.UTF_8),
          body.length()));
    }
    out.add(post("/control/namespaces", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3,
        (byte) 0x28, '"', '}'}, 13));
    out.add(post("/control/namespaces", "{".repeat(10).getBytes(StandardCharsets.UTF_8), -1));
    out.add(post("/control/namespaces", "{}".getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE));
    out.add(ascii("POST /control/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}"));
    out.add(ascii("POST /control/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"));
    out.add(ascii("POST /control/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"na"));
    out.add(ascii("POST /control/namespaces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"));
    out.add(ascii("POST /control/namespaces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}"));
    out.add(post("/control/namespaces", ("{\"name\": \"" + "n".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8),
        -2));
    for (int i = 0; i < randomOnes; i++) {
      out.add(randomRequest());
    }
    return out;
  }

  private byte[] randomRequest() {
    switch (random.nextInt(4)) {
      case 0 -> {
        byte[] b = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(b);
        return b;
      }
      case 1 -> {
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "X"};
        return ascii(methods[random.nextInt(methods.length)] + " " + PATHS.get(random.nextInt(PATHS.size()))
            + (random.nextBoolean() ? "?" + randomText(20) : "") + " HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      default -> {
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        if (random.nextBoolean()) {
          body = ("{\"" + randomText(8) + "\": " + randomText(12) + "}").getBytes(StandardCharsets.UTF_8);
        }
        return post(WRITE_PATHS.get(random.nextInt(WRITE_PATHS.size())), body, body.length);
      }
    }
  }

  private String randomText(int max) {
    String alphabet = "abc%/{}[]\":,=&?0123456789 \\";
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(max); i > 0; i--) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString().replace(' ', '+');
  }

  /**
   * A POST (or, at random, PUT) with {@code body}: {@code length} ≥ 0 as its Content-Length, -1 a
   * negative one, -2 the body's true length.
   */
  private byte[] post(String path, byte[] body, long length) {
    String method = random.nextBoolean() ? "POST" : "PUT";
    long declared = length == -2 ? body.length : length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + declared + "\r\n\r\n"));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Sends {@code request} on a fresh connection and reads the answer for at most {@code quietMs} of silence. */
  Exchange send(byte[] request, int quietMs) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(quietMs);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException closedOnUs) {
        // the server may refuse before it read everything; its answer (if any) is still worth reading
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; answer.size() < 256 * 1024 && (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
        // what came so far is the answer
      }
      String head = new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1);
      return new Exchange(head, answer.toString(StandardCharsets.UTF_8));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
