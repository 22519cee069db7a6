package io.meshkit.registry.shards;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.ServerCallStreamObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.RegistryWatchResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Table;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.WatchSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registry watch streams: one watch of the registry table per call, from a revision, filtered by
 * namespace and kind. Events of one revision arrive in one response, in revision order, exactly once
 * (the hub's guarantees); a progress notification first, and then every {@code progressInterval},
 * tells the watcher how current it is. Backpressure as for KV watches: not-ready while the stream is not
 * writable, resumed by the on-ready handler.
 */
public final class RegistryWatches implements AutoCloseable {
  private final RaftNode node;
  private final Set<Watch> active = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meshkit-registry-watch-progress");
    t.setDaemon(true);
    return t;
  });

  public RegistryWatches(RaftNode node, Duration progressInterval) {
    this.node = node;
    long every = progressInterval.toMillis();
    progress.scheduleWithFixedDelay(() -> active.forEach(Watch::requestProgress), every, every, TimeUnit.MILLISECONDS);
  }

  public int size() {
    return active.size();
  }

  void open(RegistryWatchRequest request, ServerCallStreamObserver<RegistryWatchResponse> out) {
    if (request.getStartRevision() < 0 || (request.getShardsOnly() && request.getNodesOnly())) {
      out.onError(io.meshkit.raft.edge.GrpcEdge.toStatus(new io.meshkit.raft.MeshException(ErrorCode.INVALID_ARGUMENT,
          "a registry watch needs a start revision >= 0 and at most one of shards_only and nodes_only",
          "0 watches changes from now on")));
      return;
    }
    Stream stream = new Stream(request, out);
    Watch watch = node.watch(new WatchSpec(Table.REGISTRY, null, null, false, request.getStartRevision()), stream);
    stream.watch = watch;
    if (!stream.isClosed()) {
      active.add(watch);
    }
    out.setOnReadyHandler(watch::resume);
    out.setOnCancelHandler(() -> watch.cancel("stream closed by the client"));
    // The first response is a progress notification: a watcher from "now" learns the revision it
    // starts after, so it can resume from there without a gap even before any event.
    watch.requestProgress();
  }

  /** One call's listener; calls never overlap (hub contract), sends are serialized anyway. */
  private final class Stream implements WatchListener {
    private final RegistryWatchRequest request;
    private final ServerCallStreamObserver<RegistryWatchResponse> out;
    private volatile Watch watch;
    private boolean closed;

    Stream(RegistryWatchRequest request, ServerCallStreamObserver<RegistryWatchResponse> out) {
      this.request = request;
      this.out = out;
    }

    @Override
    public void onEvents(long revision, List<Event> events) {
      RegistryWatchResponse.Builder response = RegistryWatchResponse.newBuilder().setHeader(node.header(revision));
      for (Event event : events) {
        toRegistryEvent(revision, event).filter(this::selected).ifPresent(response::addEvents);
      }
      if (response.getEventsCount() > 0) {
        send(response.build(), false);
      }
    }

    @Override
    public void onProgress(long revision) {
      send(RegistryWatchResponse.newBuilder().setHeader(node.header(revision)).setProgressNotify(true).build(), false);
    }

    @Override
    public void onCanceled(ErrorCode code, String reason, long compactRevision) {
      Watch registered = watch;
      if (registered != null) {
        active.remove(registered);
      }
      send(RegistryWatchResponse.newBuilder().setHeader(node.currentHeader()).setCanceled(true).setCancelCode(code)
          .setCancelReason(reason).setCompactRevision(compactRevision).build(), true);
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    private boolean selected(RegistryEvent event) {
      RegistryObject object = event.getObject();
      if (object.hasNode() || object.hasCluster()) {
        return !request.getShardsOnly() && (object.hasNode() || !request.getNodesOnly());
      }
      if (request.getNodesOnly()) {
        return false;
      }
      String namespace = object.hasShard() ? object.getShard().getNamespace() : object.getNamespace().getName();
      return request.getNamespace().isEmpty() || request.getNamespace().equals(namespace)
          ? !request.getShardsOnly() || object.hasShard() : false;
    }

    synchronized boolean isClosed() {
      return closed;
    }

    private synchronized void send(RegistryWatchResponse response, boolean last) {
      if (closed) {
        return;
      }
      try {
        out.onNext(response);
        if (last) {
          closed = true;
          out.onCompleted();
        }
      } catch (RuntimeException e) {
        closed = true;  // cancelled under us; the cancel handler cleans up
      }
    }
  }

  /** The typed event for a change of the registry table, by key prefix. */
  static Optional<RegistryEvent> toRegistryEvent(long revision, Event event) {
    boolean delete = event.getType() == Event.EventType.DELETE;
    byte[] key = event.getKv().getKey().toByteArray();
    byte[] value = (delete ? event.getPrevKv() : event.getKv()).getValue().toByteArray();
    RegistryObject.Builder object = RegistryObject.newBuilder();
    try {
      if (RegistryKeys.startsWith(key, RegistryKeys.SHARDS)) {
        object.setShard(Shard.parseFrom(value));
      } else if (RegistryKeys.startsWith(key, RegistryKeys.NODES)) {
        object.setNode(Node.parseFrom(value));
      } else if (RegistryKeys.startsWith(key, RegistryKeys.NAMESPACES)) {
        object.setNamespace(Namespace.parseFrom(value));
      } else if (RegistryKeys.startsWith(key, RegistryKeys.CLUSTERS)) {
        object.setCluster(ClusterDescriptor.parseFrom(value));
      } else {
        return Optional.empty();
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable registry event at revision " + revision, e);
    }
    return Optional.of(RegistryEvent.newBuilder().setType(delete ? RegistryEvent.Type.DELETE : RegistryEvent.Type.PUT)
        .setRevision(revision).setObject(object).build());
  }

  @Override
  public void close() {
    progress.shutdownNow();
    active.forEach(w -> w.cancel("member shutting down"));
    active.clear();
  }
}
