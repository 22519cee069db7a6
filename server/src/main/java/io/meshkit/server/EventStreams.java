package io.meshkit.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The writing side of the admin server's server-sent event streams: the HTTP thread of a connection
 * writes the frames a watch queued, a ping comment whenever nothing came for {@value #PING_SECONDS}
 * s (so proxies keep the connection), until {@link #END} is queued or the client goes away.
 */
final class EventStreams {
  /** Queued (by identity) after a stream's last frame. */
  static final String END = new String("\u0000end");
  static final long PING_SECONDS = 15;

  private EventStreams() {}

  /**
   * Sends the event-stream headers and {@code preamble} (a comment, or empty), then the queued frames;
   * runs {@code close} (cancel the watch) however the stream ends.
   */
  static void pump(HttpExchange ex, BlockingQueue<String> queue, String preamble, Runnable close) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      if (!preamble.isEmpty()) {
        out.write(preamble.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      while (true) {
        String frame = queue.poll(PING_SECONDS, TimeUnit.SECONDS);
        if (frame == END) {
          break;
        }
        out.write((frame == null ? ": ping\n\n" : frame).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | InterruptedException clientGone) {
      // The client disconnected (or the member is stopping): end the watch below.
    } finally {
      close.run();
    }
  }
}
