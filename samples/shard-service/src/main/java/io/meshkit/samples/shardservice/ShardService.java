package io.meshkit.samples.shardservice;

import io.meshkit.client.MeshkitClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running instance: registers node {@code node} at its data endpoint, follows the namespace's shard
 * assignments and serves them over HTTP. Start order is registration, assignments, HTTP; close is the
 * reverse, so the presence key goes last-in-first-out with the process.
 */
public final class ShardService implements AutoCloseable {
  /** What one instance needs: its node id, where it listens, the cluster, the namespace it serves. */
  public record Settings(String node, String listen, List<String> endpoints, String namespace, Duration leaseTtl) {}

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final MeshkitClient client;
  private final NodeRegistration registration;
  private final ShardAssignments assignments;
  private final ShardHttpServer http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ShardService(MeshkitClient client, NodeRegistration registration, ShardAssignments assignments,
      ShardHttpServer http) {
    this.client = client;
    this.registration = registration;
    this.assignments = assignments;
    this.http = http;
  }

  /**
   * Starts an instance. {@code onLost} runs when it can no longer vouch for itself: the lease was lost or
   * the assignments watch ended for good (the process should then exit; the run script restarts nothing).
   */
  public static ShardService start(Settings settings, Runnable onLost) throws IOException {
    InetSocketAddress listen = ListenAddress.parse(settings.listen());
    // A generous call timeout: the sample often starts right after its quorum, on a busy machine.
    MeshkitClient client = MeshkitClient.builder().endpoints(settings.endpoints()).callTimeout(CALL_TIMEOUT).build();
    NodeRegistration registration = null;
    ShardAssignments assignments = null;
    try {
      registration = NodeRegistration.register(client, settings.node(), settings.listen(), settings.leaseTtl(),
          onLost);
      assignments = ShardAssignments.follow(client, settings.node(), settings.namespace());
      assignments.failed().thenRun(onLost);
      ShardHttpServer http = new ShardHttpServer(settings.node(), settings.namespace(), assignments, listen);
      return new ShardService(client, registration, assignments, http);
    } catch (IOException | RuntimeException e) {
      if (assignments != null) {
        assignments.close();
      }
      if (registration != null) {
        registration.close();
      }
      client.close();
      throw e;
    }
  }

  /** The HTTP port it serves on (the listen port, or the one chosen for port 0). */
  public int port() {
    return http.port();
  }

  /** The registry revision its view of the assignments is at. */
  public long revision() {
    return assignments.revision();
  }

  /** Shard id → epoch of the shards it owns now. */
  public java.util.Map<Integer, Long> owned() {
    return assignments.owned();
  }

  /** Stops serving, stops following, revokes the presence lease. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.close();
    assignments.close();
    registration.close();
    client.close();
  }
}
