package io.meshkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.leadership.election.LeadershipEvents;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /control/events/leadership[?scope=S]}: leadership changes as server-sent events, one
 * JSON object per change ({@code scope, leader, lease, token, revision, value}), {@code id} = the
 * revision. A client that reconnects with {@code Last-Event-ID: N} resumes at revision N + 1 (within
 * the watch history window; older ids get an {@code error} event naming the oldest revision).
 *
 * <p>Each connection holds one HTTP thread that writes what its watch queued; a client that stops
 * reading fills its bounded queue and is disconnected rather than slowing the member.
 */
final class LeadershipSse {
  private static final int MAX_STREAMS = 64;
  private static final int QUEUE_BOUND = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RaftNode node;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);

  LeadershipSse(RaftNode node) {
    this.node = node;
  }

  void handle(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod())) {
      AdminHttpServer.respond(ex, 405, "text/plain", "use GET\n");
      return;
    }
    long start;
    try {
      String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
      start = last == null || last.isBlank() ? 0 : Long.parseLong(last.strip()) + 1;
    } catch (NumberFormatException e) {
      AdminHttpServer.respond(ex, 400, "text/plain", "Last-Event-ID must be a revision number\n");
      return;
    }
    String scope;
    try {
      scope = RestRequests.query(ex.getRequestURI().getRawQuery()).getOrDefault("scope", "");
    } catch (MeshException e) {
      AdminHttpServer.respond(ex, 400, "text/plain", e.getMessage() + "\n");
      return;
    }
    if (!streams.tryAcquire()) {
      AdminHttpServer.respond(ex, 503, "text/plain", "too many event streams on this member; try another\n");
      return;
    }
    try {
      stream(ex, scope, start);
    } finally {
      streams.release();
    }
  }

  private void stream(HttpExchange ex, String scope, long start) throws IOException {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE_BOUND);
    Watch watch = node.watch(LeadershipEvents.spec(scope, start), new WatchListener() {
      @Override
      public void onEvents(long revision, List<Event> events) {
        StringBuilder frame = new StringBuilder();
        for (Event e : events) {
          frame.append("id: ").append(revision).append("\nevent: leadership\ndata: ")
              .append(json(LeadershipEvents.leadership(e), revision)).append("\n\n");
        }
        if (!queue.offer(frame.toString())) {
          queue.clear();
          queue.offer(EventStreams.END);
        }
      }

      @Override
      public void onProgress(long revision) {}

      @Override
      public void onCanceled(ErrorCode code, String reason, long compactRevision) {
        ObjectNode error = JSON.createObjectNode().put("code", code.name()).put("reason", reason);
        if (compactRevision > 0) {
          error.put("oldest_revision", compactRevision);
        }
        queue.offer("event: error\ndata: " + error + "\n\n");
        queue.offer(EventStreams.END);
      }
    });
    EventStreams.pump(ex, queue, ": leadership events; reconnect with Last-Event-ID to resume\n\n",
        () -> watch.cancel("event stream closed"));
  }

  static String json(Leadership l, long revision) {
    ObjectNode o = JSON.createObjectNode().put("scope", l.getScope()).put("leader", l.getCandidate())
        .put("lease", l.getLease()).put("token", l.getToken()).put("revision", revision);
    try {
      o.put("value", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(l.getValue().toByteArray()))
          .toString());
    } catch (CharacterCodingException e) {
      o.put("value_base64", Base64.getEncoder().encodeToString(l.getValue().toByteArray()));
    }
    return o.toString();
  }
}
