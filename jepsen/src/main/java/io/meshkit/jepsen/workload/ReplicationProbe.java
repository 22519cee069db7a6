package io.meshkit.jepsen.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.jepsen.cluster.MeshkitProgram;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches a standby member's replicator while the federation workload runs, for the report: every
 * {@link #EVERY} it reads {@code GET /control/replication} and keeps how often each state was seen
 * ({@code no answer} when the member did not answer: killed, paused, or too slow), the longest time its
 * checkpoint did not advance (the writers commit a transfer every 100 to 200 ms, so a stall of seconds
 * means replication was held back: evidence that the faults between the clusters bit) and the
 * checkpoints it went through. Informative only: no verdict depends on it. Runs on its own thread
 * between {@link #start()} and {@link #stop()}.
 */
final class ReplicationProbe {
  static final Duration EVERY = Duration.ofMillis(500);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT).build();
  private final Thread thread;
  private final Map<String, Integer> states = new TreeMap<>();
  private volatile boolean running = true;
  private long longestStallNanos;
  private long stallSince;
  private long highestCheckpoint = -1;
  private long firstCheckpoint = -1;
  private String firstProblem = "";

  /** @param clientEndpoint the standby member's client address; its admin server is on the same host */
  ReplicationProbe(String clientEndpoint) {
    this.uri = URI.create("http://" + MeshkitProgram.onMember(clientEndpoint, MeshkitProgram.ADMIN_PORT)
        + "/control/replication");
    this.thread = new Thread(this::loop, "replication-probe");
    this.thread.setDaemon(true);
  }

  /** The member's replication status now, as JSON, or why there is none. */
  static String status(String clientEndpoint) throws InterruptedException {
    ReplicationProbe probe = new ReplicationProbe(clientEndpoint);
    try {
      return probe.fetch();
    } catch (IOException e) {
      return "no replication status from " + probe.uri + ": " + e;
    }
  }

  ReplicationProbe start() {
    thread.start();
    return this;
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  private void loop() {
    try {
      while (running) {
        sample();
        TimeUnit.MILLISECONDS.sleep(EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample() throws InterruptedException {
    long now = System.nanoTime();
    String state;
    long checkpoint = -1;
    String problem = "";
    try {
      JsonNode s = JSON.readTree(fetch());
      state = s.path("state").asText("answer without a state");
      checkpoint = s.path("checkpoint").asLong();
      problem = s.path("problem").asText("");
    } catch (IOException e) {
      state = "no answer (" + e.getClass().getSimpleName() + ")";
    }
    synchronized (this) {
      states.merge(state, 1, Integer::sum);
      if (firstProblem.isEmpty() && !problem.isEmpty()) {
        firstProblem = problem;
      }
      // Only a follower's replicator has a checkpoint (an idle one reports 0); it only moves forward.
      if (stallSince == 0 || checkpoint > highestCheckpoint) {
        stallSince = now;
        highestCheckpoint = Math.max(highestCheckpoint, checkpoint);
        firstCheckpoint = firstCheckpoint <= 0 ? checkpoint : firstCheckpoint;
      }
      longestStallNanos = Math.max(longestStallNanos, now - stallSince);
    }
  }

  /** The status JSON; an answer other than 200 (a member still starting) is an IOException naming it. */
  private String fetch() throws IOException, InterruptedException {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("HTTP " + answer.statusCode() + ": " + answer.body().strip());
    }
    return answer.body().strip();
  }

  /** One line: states seen, the longest stall, the checkpoints gone through, the first problem reported. */
  synchronized String describe() {
    return "the standby's replicator, sampled every " + EVERY.toMillis() + " ms during the run: " + states
        + "; its checkpoint went from " + firstCheckpoint + " to " + highestCheckpoint + " and stood still for "
        + String.format("%.1f", longestStallNanos / 1e9) + " s at most"
        + (firstProblem.isEmpty() ? "" : "; first problem reported: " + firstProblem);
  }
}
