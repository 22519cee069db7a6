package io.meshkit.server;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.federation.api.FederationService;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRequest;
import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.ListClustersRequest;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.UpdateClusterRequest;
import io.meshkit.raft.MeshException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The federation's cluster descriptors over REST on the admin server, JSON in and out (Protobuf's
 * JSON mapping of the Federation API's messages):
 *
 * <pre>
 * GET  /control/clusters          GET /control/clusters/{id}
 * POST /control/clusters          (RegisterClusterRequest)
 * PUT  /control/clusters/{id}     (UpdateClusterRequest)
 * POST /control/clusters/failover (FailoverRequest; to a member of the target cluster)
 * </pre>
 *
 * GETs take {@code serializable=true}; mutations take {@code dry_run} in the body or {@code ?dry_run=true}.
 */
final class ClustersRest {
  private final FederationService federation;
  private final Duration timeout;

  ClustersRest(FederationService federation, Duration timeout) {
    this.federation = federation;
    this.timeout = timeout;
  }

  void handle(HttpExchange ex) throws IOException {
    RestRequests.answer(ex, timeout, () -> route(ex));
  }

  private CompletableFuture<? extends Message> route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    List<String> path = RestRequests.segments(ex.getRequestURI().getRawPath());
    Map<String, String> query = RestRequests.query(ex.getRequestURI().getRawQuery());
    boolean serializable = Boolean.parseBoolean(query.getOrDefault("serializable", "false"));
    boolean dryRun = Boolean.parseBoolean(query.getOrDefault("dry_run", "false"));
    int n = path.size();
    if (method.equals("GET") && n == 2) {
      return federation.listClusters(ListClustersRequest.newBuilder().setSerializable(serializable).build());
    }
    if (method.equals("GET") && n == 3) {
      return federation.getCluster(GetClusterRequest.newBuilder().setId(path.get(2)).setSerializable(serializable)
          .build());
    }
    if (method.equals("POST") && n == 3 && path.get(2).equals("failover")) {
      FailoverRequest.Builder b = RestRequests.body(ex, FailoverRequest.newBuilder());
      return federation.failover(b.setDryRun(b.getDryRun() || dryRun).build());
    }
    if (method.equals("POST") && n == 2) {
      RegisterClusterRequest.Builder b = RestRequests.body(ex, RegisterClusterRequest.newBuilder());
      return federation.registerCluster(b.setDryRun(b.getDryRun() || dryRun).build());
    }
    if (method.equals("PUT") && n == 3) {
      UpdateClusterRequest.Builder b = RestRequests.body(ex, UpdateClusterRequest.newBuilder());
      b.getClusterBuilder().setId(RestRequests.samePath("cluster id", path.get(2), b.getCluster().getId()));
      return federation.updateCluster(b.setDryRun(b.getDryRun() || dryRun).build());
    }
    throw new MeshException(ErrorCode.NOT_FOUND, method + " " + ex.getRequestURI().getPath() + " is not a"
        + " clusters endpoint", "GET or POST /control/clusters, GET or PUT /control/clusters/{id}"
        + " (docs/federation.md)");
  }
}
