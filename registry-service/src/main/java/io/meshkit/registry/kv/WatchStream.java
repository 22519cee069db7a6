package io.meshkit.registry.kv;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorCodeHolder;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.WatchCreateRequest;
import io.meshkit.proto.v1.WatchRequest;
import io.meshkit.proto.v1.WatchResponse;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Table;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.WatchSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client Watch stream. Writes to the response observer are serialized on this object (gRPC
 * observers are not thread-safe, and each watch delivers from its own task). Backpressure: a watch's
 * listener reports not-ready while the stream is not writable, so the hub queues (bounded) instead of
 * gRPC buffering without bound; the on-ready handler resumes every watch.
 */
final class WatchStream implements StreamObserver<WatchRequest> {
  private final RaftNode node;
  private final ServerCallStreamObserver<WatchResponse> out;
  private final Consumer<WatchStream> onClosed;
  private final Map<Long, Registered> watches = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private boolean closed;

  private record Registered(Watch watch, boolean progressNotify) {}

  WatchStream(RaftNode node, ServerCallStreamObserver<WatchResponse> out, Consumer<WatchStream> onClosed) {
    this.node = node;
    this.out = out;
    this.onClosed = onClosed;
    out.setOnReadyHandler(() -> watches.values().forEach(r -> r.watch().resume()));
    out.setOnCancelHandler(this::cancelAll);
  }

  int size() {
    return watches.size();
  }

  @Override
  public void onNext(WatchRequest request) {
    switch (request.getRequestUnionCase()) {
      case CREATE_REQUEST -> create(request.getCreateRequest());
      case CANCEL_REQUEST -> {
        Registered r = watches.get(request.getCancelRequest().getWatchId());
        if (r != null) {
          r.watch().cancel("canceled by the client");
        }
      }
      case PROGRESS_REQUEST -> watches.values().forEach(r -> r.watch().requestProgress());
      case REQUESTUNION_NOT_SET -> { }
    }
  }

  private void create(WatchCreateRequest create) {
    long id = create.getWatchId() != 0 ? create.getWatchId() : nextId.getAndIncrement();
    if (watches.containsKey(id)) {
      send(canceled(id, ErrorCode.INVALID_ARGUMENT, "watch id " + id + " is already in use on this stream", 0));
      return;
    }
    try {
      KeyRange.validate(create.getKey(), create.getRangeEnd(), node.config().limits().maxKeyBytes());
      if (create.getStartRevision() < 0) {
        throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "start revision must be >= 0",
            "0 watches changes from now on");
      }
    } catch (CommandRejectedException e) {
      send(canceled(id, e.code(), e.getMessage() + (e.hint().isEmpty() ? "" : " (hint: " + e.hint() + ")"), 0));
      return;
    }
    KeyRange range = KeyRange.of(create.getKey(), create.getRangeEnd());
    WatchSpec spec = new WatchSpec(Table.KV, range.key(), range.toExclusive(), range.singleKey(),
        create.getStartRevision());
    send(WatchResponse.newBuilder().setHeader(node.currentHeader()).setWatchId(id)
        .setCreated(true).build());
    Watch watch = node.watch(spec, new Listener(id, create.getPrevKv()));
    watches.put(id, new Registered(watch, create.getProgressNotify()));
  }

  /** Periodic progress for watches that asked for it. */
  void notifyProgress() {
    watches.values().stream().filter(Registered::progressNotify).forEach(r -> r.watch().requestProgress());
  }

  private final class Listener implements WatchListener {
    private final long id;
    private final boolean prevKv;

    Listener(long id, boolean prevKv) {
      this.id = id;
      this.prevKv = prevKv;
    }

    @Override
    public void onEvents(long revision, List<Event> events) {
      WatchResponse.Builder response = WatchResponse.newBuilder().setHeader(node.header(revision)).setWatchId(id);
      for (Event e : events) {
        response.addEvents(prevKv ? e : e.toBuilder().clearPrevKv().build());
      }
      send(response.build());
    }

    @Override
    public void onProgress(long revision) {
      send(WatchResponse.newBuilder().setHeader(node.header(revision)).setWatchId(id).setProgressNotify(true)
          .build());
    }

    @Override
    public void onCanceled(ErrorCode code, String reason, long compactRevision) {
      watches.remove(id);
      send(canceled(id, code, reason, compactRevision));
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }
  }

  private WatchResponse canceled(long id, ErrorCode code, String reason, long compactRevision) {
    return WatchResponse.newBuilder().setHeader(node.currentHeader()).setWatchId(id)
        .setCanceled(true).setCancelCode(ErrorCodeHolder.newBuilder().setCode(code)).setCancelReason(reason)
        .setCompactRevision(compactRevision).build();
  }

  private synchronized void send(WatchResponse response) {
    if (closed) {
      return;
    }
    try {
      out.onNext(response);
    } catch (RuntimeException e) {
      // The call was cancelled under us; the cancel handler cleans up.
      closed = true;
    }
  }

  @Override
  public void onError(Throwable t) {
    cancelAll();
  }

  @Override
  public void onCompleted() {
    cancelAll();
    synchronized (this) {
      if (!closed) {
        closed = true;
        out.onCompleted();
      }
    }
  }

  private void cancelAll() {
    synchronized (this) {
      closed = true;
    }
    watches.values().forEach(r -> r.watch().cancel("stream closed"));
    watches.clear();
    onClosed.accept(this);
  }
}
