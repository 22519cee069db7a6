package io.meshkit.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import io.meshkit.federation.api.FederationService;
import io.meshkit.raft.NodeStatus;
import io.meshkit.raft.RaftNode;
import io.meshkit.rebalancer.api.RebalanceService;
import io.meshkit.registry.shards.RegistryService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The admin HTTP endpoints: {@code /healthz} (process up), {@code /readyz} (a leader is known and the
 * applied index is within {@code readyMaxLag} of the commit index), {@code /metrics} (Prometheus),
 * {@code /control/events/leadership} (server-sent events, see {@link LeadershipSse}), and the
 * registry's REST mirror under {@code /control/} (see {@link RegistryRest}), and the gossip view at
 * {@code /control/peers}, and the rebalance plans under {@code /meshkit/rebalance-plans} (see
 * {@link RebalanceRest}).
 */
final class AdminHttpServer implements AutoCloseable {
  /**
   * The JDK server's request-header limits (JVM-wide system properties, read once when its first server
   * starts). A request over either is dropped: the connection closes without an answer.
   */
  static final int MAX_REQUEST_HEADERS = 100;
  static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;
  private static final String MAX_HEADERS_PROPERTY = "sun.net.httpserver.maxReqHeaders";
  private static final String MAX_HEADER_BYTES_PROPERTY = "sun.net.httpserver.maxReqHeaderSize";

  private final HttpServer http;
  /** The last config reload, once the member watches its config file. */
  private volatile Supplier<? extends Record> configReport;
  /** Access control on every route but health, readiness and metrics. */
  private final RestAccess access;

  AdminHttpServer(String address, RaftNode node, PrometheusMeterRegistry registry, LongSupplier readyMaxLag,
      RegistryService shards, PeersRest peers, RebalanceService rebalance, FederationService federation,
      Optional<HttpsConfigurator> https, io.meshkit.access.rbac.Authorizer authorizer, Runnable beforeScrape)
      throws IOException {
    this.access = new RestAccess(authorizer);
    limitRequestHeaders();
    http = TlsServing.httpServer(address, https);
    // Cached: each event stream holds a thread (LeadershipSse bounds how many).
    http.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "meshkit-admin-http");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n"));
    http.createContext("/readyz", ex -> {
      String reason = notReadyReason(node, readyMaxLag.getAsLong());
      respond(ex, reason == null ? 200 : 503, "text/plain", reason == null ? "ready\n" : "not ready: " + reason + "\n");
    });
    http.createContext("/metrics", ex -> {
      beforeScrape.run();  // meters that follow membership changes
      respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    });
    guarded("/control/config", ex -> {
      Supplier<? extends Record> report = configReport;
      if (report == null) {
        JsonReplies.error(ex, io.meshkit.proto.v1.ErrorCode.NOT_FOUND, "this member does not watch a config file",
            "start it with --config FILE to have the file reloaded");
      } else {
        JsonReplies.ok(ex, report.get());
      }
    });
    LeadershipSse leadership = new LeadershipSse(node);
    guarded("/control/events/leadership", leadership::handle);
    RegistryRest rest = new RegistryRest(shards, node.config().requestTimeout().plusSeconds(1));
    guarded("/control/", rest::handle);
    guarded("/control/peers", peers::handle);
    guarded("/control/clusters", new ClustersRest(federation,
        node.config().requestTimeout().plusSeconds(1))::handle);
    guarded("/meshkit/rebalance-plans", new RebalanceRest(rebalance,
        node.config().requestTimeout().plusSeconds(1))::handle);
    http.start();
  }

  /** {@code GET /control/replication}: where replication into this cluster stands (federation). */
  void replication(java.util.function.Supplier<io.meshkit.federation.replication.ReplicationStatus> status) {
    guarded("/control/replication", ex -> JsonReplies.ok(ex, status.get()));
  }

  /**
   * {@code GET /control/policy}: the transport policy as this member applied it, and this member's
   * violations of it, as {@code GetPolicyResponse} in proto JSON without its header
   * ({@code {"policy": {...}, "member_violations": [{"setting", "problem", "fix"}]}}).
   */
  void policy(java.util.function.Supplier<io.meshkit.proto.v1.TransportPolicy> policy,
      java.util.function.Supplier<java.util.List<io.meshkit.proto.v1.PolicyViolation>> violations) {
    guarded("/control/policy", ex -> JsonReplies.ok(ex, io.meshkit.proto.v1.GetPolicyResponse.newBuilder()
        .setPolicy(policy.get()).addAllMemberViolations(violations.get()).build()));
  }

  /** A context behind {@link RestAccess}. */
  private void guarded(String path, com.sun.net.httpserver.HttpHandler handler) {
    http.createContext(path, handler).getFilters().add(access);
  }

  /** Our header limits, unless the operator set the JDK's properties (-D) already. */
  private static void limitRequestHeaders() {
    if (System.getProperty(MAX_HEADERS_PROPERTY) == null) {
      System.setProperty(MAX_HEADERS_PROPERTY, Integer.toString(MAX_REQUEST_HEADERS));
    }
    if (System.getProperty(MAX_HEADER_BYTES_PROPERTY) == null) {
      System.setProperty(MAX_HEADER_BYTES_PROPERTY, Integer.toString(MAX_REQUEST_HEADER_BYTES));
    }
  }

  int port() {
    return http.getAddress().getPort();
  }

  /** Serves {@code report} (the last config reload) on {@code /control/config}. */
  void serveConfigReport(Supplier<? extends Record> report) {
    this.configReport = report;
  }

  static String notReadyReason(RaftNode node, long readyMaxLag) {
    try {
      io.meshkit.raft.MemberSet members = node.members();
      if (members.empty()) {
        return "waiting to be added to the cluster (meshctl member add " + node.memberId() + " ...)";
      }
      if (members.find(node.memberId()).isEmpty()) {
        return "removed from the cluster: this member is not in its configuration; stop it";
      }
      NodeStatus s = node.status();
      if (!s.hasLeader()) {
        return "no leader known";
      }
      long lag = s.commitIndex() - s.appliedIndex();
      if (lag > readyMaxLag) {
        return "applied index " + s.appliedIndex() + " trails commit index " + s.commitIndex() + " by " + lag;
      }
      return null;
    } catch (RuntimeException e) {
      return "member not running: " + e.getMessage();
    }
  }

  static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
  }
}
