package io.meshkit.federation.failover;

import static io.meshkit.federation.descriptors.ClusterWords.word;

import io.meshkit.client.MeshkitClient;
import io.meshkit.federation.replication.Checkpoints;
import io.meshkit.federation.replication.NodeCalls;
import io.meshkit.federation.replication.ReplicationStatus;
import io.meshkit.federation.replication.Replicator;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.PromoteClusterCommand;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRecord;
import io.meshkit.proto.v1.FailoverRequest;
import io.meshkit.proto.v1.FailoverResponse;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.FenceClusterRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.ReplicationCheckpoint;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.registry.shards.RegistryAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a failover to this cluster, on the member that holds its federation office (others answer
 * NO_LEADER, which clients retry on another member).
 *
 * <p>Planned: (1) fence the primary — on the primary, through its Federation API: from that entry on,
 * its exported records are read-only copies of this cluster and its writes fail naming it; (2) wait
 * until this cluster's replication checkpoint reaches the fence's revision, so nothing the primary
 * accepted is missing here; (3) promote this cluster, fenced with the office's token. The old primary,
 * now a standby in its own registry, replicates from this one by itself (a resync, then the watch).
 *
 * <p>Forced: (3) alone, recording the data-loss window — the primary's revisions this cluster saw but
 * had not applied. The old primary fences itself when it returns and sees a newer epoch (see
 * {@link Replicator}). Every step is audited in the cluster it changes.
 */
public final class FailoverOrchestrator implements AutoCloseable {
  private final RaftNode node;
  private final String self;
  private final Replicator.Office office;
  private final Function<List<String>, MeshkitClient> clients;
  private final Supplier<ReplicationStatus> replication;
  private final Duration callTimeout;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "federation-failover");
    t.setDaemon(true);
    return t;
  });

  public FailoverOrchestrator(RaftNode node, String self, Replicator.Office office,
      Function<List<String>, MeshkitClient> clients, Supplier<ReplicationStatus> replication, Duration callTimeout) {
    this.node = node;
    this.self = self;
    this.office = office;
    this.clients = clients;
    this.replication = replication;
    this.callTimeout = callTimeout;
  }

  public CompletableFuture<FailoverResponse> failover(FailoverRequest r) {
    return CompletableFuture.supplyAsync(() -> run(r), thread);
  }

  private FailoverResponse run(FailoverRequest r) {
    if (!r.getTo().equals(self)) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "this is cluster " + self + ", not " + r.getTo(),
          "send the failover to a member of " + r.getTo() + " (--endpoints of " + r.getTo() + ")");
    }
    List<ClusterDescriptor> clusters = await(node.read(RaftNode.Consistency.LINEARIZABLE, RegistryAccess::clusters));
    ClusterDescriptor me = clusters.stream().filter(c -> c.getId().equals(self)).findFirst().orElseThrow(() ->
        new MeshException(ErrorCode.NOT_FOUND, "cluster " + self + " is not registered here",
            "register the federation's clusters on every cluster: meshctl clusters register"));
    if (me.getRole() != ClusterRole.CLUSTER_STANDBY) {
      throw new MeshException(ErrorCode.FAILED_PRECONDITION, "cluster " + self + " is " + word(me.getRole())
          + "; only a standby is promoted", "meshctl clusters list shows the roles");
    }
    ClusterDescriptor primary = clusters.stream().filter(c -> c.getRole() == ClusterRole.CLUSTER_PRIMARY
        && c.getState() == ClusterState.CLUSTER_ACTIVE).findFirst().orElseThrow(() ->
            new MeshException(ErrorCode.FAILED_PRECONDITION, "no active primary is registered here", "register it"));
    long epoch = clusters.stream().mapToLong(ClusterDescriptor::getEpoch).max().orElse(0) + 1;
    long replicated = await(node.read(RaftNode.Consistency.LINEARIZABLE, v -> Checkpoints.read(v, primary.getId())))
        .map(ReplicationCheckpoint::getRevision).orElse(0L);
    long seen = Math.max(replicated, replication.get().sourceRevision());
    List<String> steps = r.getForce()
        ? List.of("promote " + self + " to primary at epoch " + epoch + " without " + primary.getId() + ": its "
            + "changes after revision " + replicated + " (up to " + seen + " seen here) may be lost",
            primary.getId() + " fences itself when it returns and sees epoch " + epoch)
        : List.of("fence " + primary.getId() + " at epoch " + epoch + ": its writes fail naming " + self,
            "wait until " + self + " has replicated " + primary.getId() + " up to the fence",
            "promote " + self + " to primary at epoch " + epoch,
            primary.getId() + " replicates from " + self);
    FailoverResponse.Builder answer = FailoverResponse.newBuilder().addAllSteps(steps);
    if (r.getDryRun()) {
      return answer.setDryRun(true).setHeader(node.currentHeader()).build();
    }
    Fence fence = office.hold().orElseThrow(() -> new MeshException(ErrorCode.NO_LEADER, "this member of " + self
        + " does not hold the federation office", "retry: another member of " + self + " runs failovers"));
    long lastKnown = seen;
    if (!r.getForce()) {
      long fencedAt;
      try (MeshkitClient old = clients.apply(primary.getGrpcEndpointsList())) {
        MutationResponse fenced = old.federation().fenceCluster(FenceClusterRequest.newBuilder()
            .setCluster(primary.getId()).setSupersededBy(self).setEpoch(epoch).setChange(r.getChange()).build());
        fencedAt = fenced.getAudit().getRevision() > 0 ? fenced.getAudit().getRevision()
            : fenced.getHeader().getRevision();
      }
      awaitCheckpoint(primary.getId(), fencedAt, r.getCatchUpTimeoutMs() > 0
          ? Duration.ofMillis(r.getCatchUpTimeoutMs()) : Duration.ofSeconds(30));
      lastKnown = fencedAt;
    }
    CommandResult promoted = await(node.submit(Command.newBuilder().setFence(fence).setPromoteCluster(
        PromoteClusterCommand.newBuilder().setCluster(self).setPrevious(primary.getId()).setEpoch(epoch)
            .setForced(r.getForce()).setLastKnownSource(lastKnown).setChange(r.getChange())).build()));
    if (promoted.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      throw new MeshException(promoted.getCode(), "promoting " + self + " failed: " + promoted.getMessage(),
          r.getForce() ? "retry" : primary.getId() + " is fenced; retry the failover to finish it");
    }
    FailoverRecord record = promoted.getFailover();
    return answer.setRecord(record).setHeader(node.header(promoted.getRevision())).build();
  }

  private void awaitCheckpoint(String source, long revision, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long at = await(node.read(RaftNode.Consistency.LINEARIZABLE, v -> Checkpoints.read(v, source)))
          .map(ReplicationCheckpoint::getRevision).orElse(0L);
      if (at >= revision) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new MeshException(ErrorCode.TIMEOUT, self + " replicated " + source + " up to revision " + at
            + ", not the fence's " + revision + ", within " + timeout.toSeconds() + " s", source + " is fenced;"
            + " retry the failover to finish it once replication catches up, or --force");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.UNAVAILABLE, "interrupted", "retry");
      }
    }
  }

  private <T> T await(CompletableFuture<T> future) {
    return NodeCalls.await(future, callTimeout);
  }



  @Override
  public void close() {
    thread.shutdownNow();
  }
}
