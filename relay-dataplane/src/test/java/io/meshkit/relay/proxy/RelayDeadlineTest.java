package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request timeout, over one kept-alive client connection (the relay keeps one timer per connection
 * and checks each request's own deadline against it): a backend that does not begin its answer in time
 * gets the request answered 504, again for the next request on the same connection; an answer that comes
 * within its own request's deadline is passed on even when an earlier request's deadline has passed.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RelayDeadlineTest {
  /** Stopped after each test, with the relays it started. */
  @AutoClose
  private OneBackend backend;
  /** Holds the backend's answers to /stuck until the test is over. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStuckAnswers() {
    release.countDown();
  }

  private static RelayProxy.Settings requestTimeout(Duration timeout) {
    RelayProxy.Settings d = RelayProxy.Settings.defaults();
    return new RelayProxy.Settings(d.connectTimeout(), timeout, d.idleTimeout(), d.maxConnectionsPerBackend(),
        d.maxQueuedPerBackend(), d.maxBodyBytes(), d.replayBufferBytes());
  }

  private void startBackend() throws IOException {
    backend = new OneBackend(ex -> {
      try {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/stuck")) {
          release.await(30, TimeUnit.SECONDS);
        } else if (path.startsWith("/slow/")) {
          Thread.sleep(Long.parseLong(path.substring("/slow/".length())));
        }
        byte[] body = path.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ex.close();
      }
    });
  }

  @Test
  void aBackendThatDoesNotBeginItsAnswerInTimeGets504EachTime() throws Exception {
    startBackend();
    RelayProxy relay = backend.relay(requestTimeout(Duration.ofMillis(500)));
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.setSoTimeout(15_000);
      assertTrue(call(client, "/fast").startsWith("HTTP/1.1 200"));
      for (int i = 0; i < 2; i++) {
        String answer = call(client, "/stuck");
        assertTrue(answer.startsWith("HTTP/1.1 504"), answer);
        assertTrue(answer.contains("did not answer within 500 ms"), answer);
      }
    }
  }

  @Test
  void anAnswerWithinItsOwnDeadlineIsPassedOnAfterAnEarlierRequestsDeadline() throws Exception {
    startBackend();
    RelayProxy relay = backend.relay(requestTimeout(Duration.ofMillis(2_000)));
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.setSoTimeout(15_000);
      // The first request arms the connection's timer for its deadline (t + 2 s); the second starts at
      // t + 1 s and is answered at about t + 2.2 s, past the first deadline, within its own (t + 3 s).
      assertTrue(call(client, "/fast").startsWith("HTTP/1.1 200"));
      Thread.sleep(1_000);
      String slow = call(client, "/slow/1200");
      assertTrue(slow.startsWith("HTTP/1.1 200"), slow);
      assertTrue(slow.endsWith("/slow/1200"), slow);
    }
  }

  /** One GET on the kept-alive {@code client}: the whole answer (head and Content-Length body). */
  private static String call(Socket client, String path) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nx-meshkit-namespace: orders\r\n"
        + "x-meshkit-shard-key: customer-7\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = client.getInputStream();
    String text = ResponseHeads.read(in);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
