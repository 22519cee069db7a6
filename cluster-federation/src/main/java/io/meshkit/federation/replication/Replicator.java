package io.meshkit.federation.replication;

import io.meshkit.client.ActivePrimary;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.RegistryWatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.federation.descriptors.FederationCommandHandler;
import io.meshkit.proto.internal.v1.ApplyReplicationBatchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.ReplicationCheckpoint;
import io.meshkit.raft.RaftNode;
import io.meshkit.registry.shards.RegistryAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the primary's registry into this cluster while this cluster is a standby or observer: on the
 * member that holds the federation office (election scope {@code meshkit/federation}), a watch on the
 * primary from this cluster's checkpoint + 1, each run of received revisions proposed as one fenced
 * {@code ApplyReplicationBatch} here (the changes and the checkpoint in one entry: exactly once). With
 * no checkpoint yet, or when the primary has compacted past it, a resync from a linearizable snapshot
 * of the primary's exported namespaces and nodes first. A batch refused for a gap (the checkpoint moved
 * under us) or a broken stream starts over from the stored checkpoint on the next tick; losing the
 * office stops the stream (a stale token's batch is refused as FENCED anyway).
 *
 * <p>One thread does everything but receive: ticks every {@code tick}, and drains received revisions
 * as they arrive.
 */
public final class Replicator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

  /** The federation office: a fence while this member holds it (checked anew on every call). */
  @FunctionalInterface
  public interface Office {
    Optional<Fence> hold();

    /** Why this member does not hold the office as of the last {@link #hold} ("" when it does, or cannot tell). */
    default String problem() {
      return "";
    }
  }

  /**
   * @param tick how often the office, the descriptors and the stream are checked
   * @param maxBatchEvents a batch holds at most this many events (more revisions wait for the next)
   * @param callTimeout for a proposal here and a snapshot from the primary
   */
  public record Settings(Duration tick, int maxBatchEvents, Duration callTimeout) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), 2_000, Duration.ofSeconds(10));
    }
  }

  private final RaftNode node;
  private final String self;
  private final Office office;
  private final Function<List<String>, MeshkitClient> clients;
  private final Settings settings;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "federation-replicator");
    t.setDaemon(true);
    return t;
  });
  /** Replicator thread only. */
  private Stream stream;
  private volatile ReplicationStatus status = ReplicationStatus.idle();
  /** Set when the primary compacted past the checkpoint: the next stream starts with a resync. */
  private volatile boolean resyncNeeded;
  /** A primary checks whether it was superseded every this many ticks. */
  private static final int SUPERSEDED_CHECK_EVERY = 5;
  private long ticks;

  /**
   * @param self this cluster's id in the federation (its descriptor's id)
   * @param clients a client to a cluster's members, by their gRPC endpoints
   */
  public Replicator(RaftNode node, String self, Office office, Function<List<String>, MeshkitClient> clients,
      Settings settings) {
    this.node = node;
    this.self = self;
    this.office = office;
    this.clients = clients;
    this.settings = settings;
  }

  public Replicator start() {
    thread.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public ReplicationStatus status() {
    return status;
  }

  private void tick() {
    try {
      if (++ticks % SUPERSEDED_CHECK_EVERY == 0) {
        fenceIfSuperseded();
      }
      Optional<ClusterDescriptor> primary = primaryToFollow();
      Optional<Fence> fence = primary.isPresent() ? office.hold() : Optional.empty();
      if (primary.isEmpty() || fence.isEmpty()) {
        stop(primary.isEmpty() || office.problem().isEmpty() ? ReplicationStatus.idle()
            : ReplicationStatus.idle("a standby of " + primary.get().getId() + ", but this member does not hold the"
                + " federation office: " + office.problem()));
        return;
      }
      ClusterDescriptor p = primary.get();
      if (stream != null && (stream.broken != null || !stream.source.equals(p.getId())
          || !stream.endpoints.equals(p.getGrpcEndpointsList()))) {
        stop(null);
      }
      if (stream == null) {
        stream = new Stream(p.getId(), p.getGrpcEndpointsList());
        stream.open(fence.get());
      } else {
        stream.drain(fence.get());
      }
    } catch (RuntimeException e) {
      LOG.warn("federation: replication tick failed: {}", e.toString());
      if (stream != null) {
        stream.broken = e.getMessage();
      }
    }
  }

  /**
   * A primary that was failed over while it was away (a forced failover) learns it here: when another
   * cluster of the federation says a different cluster is primary at a higher epoch, this one fences
   * itself — its exported records become read-only copies of the new primary, and it replicates from it.
   */
  private void fenceIfSuperseded() {
    List<ClusterDescriptor> clusters = await(node.read(RaftNode.Consistency.SERIALIZABLE, RegistryAccess::clusters));
    Optional<ClusterDescriptor> me = clusters.stream().filter(c -> c.getId().equals(self)
        && c.getRole() == ClusterRole.CLUSTER_PRIMARY && c.getState() == ClusterState.CLUSTER_ACTIVE).findFirst();
    if (me.isEmpty()) {
      return;
    }
    List<List<String>> others = clusters.stream().filter(c -> !c.getId().equals(self) && c.getGrpcEndpointsCount() > 0)
        .map(c -> List.copyOf(c.getGrpcEndpointsList())).toList();
    // What the others say (an unreachable one cannot tell us anything now): a primary of a higher epoch.
    Optional<ClusterDescriptor> newer = ActivePrimary.ask(others, clients).stream().filter(c -> !c.getId().equals(self)
        && c.getRole() == ClusterRole.CLUSTER_PRIMARY && c.getEpoch() > me.get().getEpoch())
        .max(Comparator.comparingLong(ClusterDescriptor::getEpoch));
    if (newer.isEmpty()) {
      return;
    }
    Optional<Fence> fence = office.hold();
    if (fence.isPresent()) {
      CommandResult r = await(node.submit(Command.newBuilder().setFence(fence.get()).setFenceCluster(
          io.meshkit.proto.v1.FenceClusterRequest.newBuilder().setCluster(self).setSupersededBy(newer.get()
              .getId()).setEpoch(newer.get().getEpoch()).setChange(io.meshkit.proto.v1.ChangeInfo.newBuilder()
              .setActor("federation").setReason("superseded by " + newer.get().getId() + " at epoch "
                  + newer.get().getEpoch() + " while away"))).build()));
      LOG.warn("federation: {} was superseded by {} at epoch {}; fenced itself: {}", self, newer.get().getId(),
          newer.get().getEpoch(), r.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED ? "done" : r.getMessage());
    }
  }

  /** The active primary, when this cluster is a registered standby or observer of a federation. */
  private Optional<ClusterDescriptor> primaryToFollow() {
    List<ClusterDescriptor> clusters = await(node.read(RaftNode.Consistency.SERIALIZABLE, RegistryAccess::clusters));
    boolean follower = clusters.stream().anyMatch(c -> c.getId().equals(self)
        && (c.getRole() == ClusterRole.CLUSTER_STANDBY || c.getRole() == ClusterRole.CLUSTER_OBSERVER));
    return follower ? clusters.stream().filter(c -> c.getRole() == ClusterRole.CLUSTER_PRIMARY
        && c.getState() == ClusterState.CLUSTER_ACTIVE && !c.getId().equals(self) && c.getGrpcEndpointsCount() > 0)
        .findFirst() : Optional.empty();
  }

  private void stop(ReplicationStatus next) {
    if (stream != null) {
      stream.close();
      stream = null;
    }
    if (next != null) {
      status = next;
    }
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    return NodeCalls.await(future, settings.callTimeout());
  }

  /** One source revision's registry events, as the watch delivered them. */
  private record Received(long revision, List<RegistryEvent> events, long atMillis) {}

  /** The stream from one primary: its watch, what it delivered and is not applied yet. */
  private final class Stream implements RegistryWatchHandler {
    final String source;
    final List<String> endpoints;
    final MeshkitClient client;
    final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    volatile String broken;
    volatile long sourceRevision;
    /** When the source last said anything (events, progress, a snapshot). */
    volatile long lastHeardMillis = System.currentTimeMillis();
    WatchSubscription watch;
    ReplicationCheckpoint checkpoint;

    Stream(String source, List<String> endpoints) {
      this.source = source;
      this.endpoints = List.copyOf(endpoints);
      this.client = clients.apply(endpoints);
    }

    void open(Fence fence) {
      checkpoint = await(node.read(RaftNode.Consistency.LINEARIZABLE, v -> Checkpoints.read(v, source)))
          .orElse(ReplicationCheckpoint.newBuilder().setSource(source).build());
      if (checkpoint.getRevision() == 0 || resyncNeeded) {
        resync(fence);
        resyncNeeded = false;
      }
      watch = client.registry().watch(RegistryWatchRequest.newBuilder().setStartRevision(checkpoint.getRevision() + 1)
          .build(), this);
      publish("streaming", "");
      LOG.info("federation: replicating from {} at revision {}", source, checkpoint.getRevision() + 1);
    }

    /** The primary's exported namespaces, their shards and every node, as one batch at its revision. */
    void resync(Fence fence) {
      publish("resyncing", "");
      RegistrySnapshotResponse snap = client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance());
      Set<String> exported = snap.getNamespacesList().stream().filter(n -> n.getPolicy().getFederationExport())
          .map(Namespace::getName).collect(Collectors.toSet());
      List<RegistryEvent> events = new ArrayList<>();
      snap.getNamespacesList().stream().filter(n -> exported.contains(n.getName()))
          .forEach(n -> events.add(put(RegistryObject.newBuilder().setNamespace(n).build())));
      snap.getShardsList().stream().filter(s -> exported.contains(s.getNamespace()))
          .forEach(s -> events.add(put(RegistryObject.newBuilder().setShard(s).build())));
      snap.getNodesList().forEach(n -> events.add(put(RegistryObject.newBuilder().setNode(n).build())));
      long at = snap.getHeader().getRevision();
      propose(fence, ApplyReplicationBatchCommand.newBuilder().setResync(true).setFromRevision(0).setToRevision(at)
          .addAllEvents(events).setSourceTimeUnixMs(System.currentTimeMillis()).build());
      sourceRevision = Math.max(sourceRevision, at);
      lastHeardMillis = System.currentTimeMillis();
      LOG.info("federation: resynced from {} at revision {} ({} records)", source, at, events.size());
    }

    /** Proposes what was received, in runs of at most maxBatchEvents events, in revision order. */
    void drain(Fence fence) {
      while (!received.isEmpty() && broken == null) {
        List<RegistryEvent> events = new ArrayList<>();
        long to = 0;
        long oldest = received.peek().atMillis();
        while (!received.isEmpty() && (events.isEmpty() || events.size() + received.peek().events().size()
            <= settings.maxBatchEvents())) {
          Received r = received.poll();
          events.addAll(r.events());
          to = r.revision();
        }
        if (to <= checkpoint.getRevision()) {
          continue;  // delivered before the checkpoint (a resync overtook it)
        }
        propose(fence, ApplyReplicationBatchCommand.newBuilder().setFromRevision(checkpoint.getRevision() + 1)
            .setToRevision(to).addAllEvents(events).setSourceTimeUnixMs(oldest).build());
      }
      publish(broken == null ? "streaming" : "retrying", broken == null ? "" : broken);
    }

    private void propose(Fence fence, ApplyReplicationBatchCommand batch) {
      CommandResult result = await(node.submit(Command.newBuilder().setFence(fence)
          .setApplyReplicationBatch(batch.toBuilder().setSource(source)).build()));
      if (result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
        throw new IllegalStateException("batch " + batch.getFromRevision() + ".." + batch.getToRevision() + " from "
            + source + " refused: " + result.getCode() + " " + result.getMessage());
      }
      checkpoint = result.getReplicationCheckpoint();
    }

    private RegistryEvent put(RegistryObject o) {
      return RegistryEvent.newBuilder().setType(RegistryEvent.Type.PUT).setObject(o).build();
    }

    private void publish(String state, String problem) {
      long lag = Math.max(0, sourceRevision - checkpoint.getRevision());
      Received waiting = received.peek();
      double seconds = lag == 0 || waiting == null ? 0 : (System.currentTimeMillis() - waiting.atMillis()) / 1000.0;
      status = new ReplicationStatus(state, source, checkpoint.getRevision(), Math.max(sourceRevision,
          checkpoint.getRevision()), lag, seconds, checkpoint.getBatches(), checkpoint.getResyncs(), problem,
          lastHeardMillis);
    }

    @Override
    public void onEvents(long revision, List<RegistryEvent> events) {
      sourceRevision = Math.max(sourceRevision, revision);
      lastHeardMillis = System.currentTimeMillis();
      received.add(new Received(revision, events, System.currentTimeMillis()));
      thread.execute(() -> {
        if (stream == this) {
          tick();
        }
      });
    }

    @Override
    public void onProgress(long revision) {
      sourceRevision = Math.max(sourceRevision, revision);
      lastHeardMillis = System.currentTimeMillis();
    }

    @Override
    public void onFailed(MeshkitClientException error) {
      // The primary no longer has the history after the checkpoint: the next stream resyncs first.
      resyncNeeded |= error.code() == ErrorCode.COMPACTED;
      broken = error.getMessage();
    }

    void close() {
      if (watch != null) {
        watch.close();
      }
      client.close();
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stream != null) {
      stream.close();
    }
  }
}
