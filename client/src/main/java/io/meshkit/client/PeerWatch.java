package io.meshkit.client;

import io.grpc.Status;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.WatchPeersRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A running {@code WatchPeers} stream: one member's gossip view and its changes. The view is that
 * member's own, so the watch never moves to another member once it has delivered: when its member
 * fails the watch ends and says so ({@link PeerListener#onFailed}, {@link #done()}). Only while
 * nothing has been delivered yet does a member that cannot be reached (or is unavailable) hand over
 * to the next endpoint, each endpoint tried once.
 *
 * <p>Thread-safety: at most one stream is live; callbacks from an abandoned stream are ignored.
 */
public final class PeerWatch implements AutoCloseable {
  private final EndpointPool pool;
  private final PeerListener listener;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Object lock = new Object();
  // Guarded by lock.
  private Stream live;
  private int attempts;
  private boolean delivered;
  private boolean ended;

  PeerWatch(EndpointPool pool, PeerListener listener) {
    this.pool = pool;
    this.listener = listener;
  }

  /**
   * Completes normally when the watch is closed and exceptionally (with a
   * {@link MeshkitClientException}) when it failed.
   */
  public CompletableFuture<Void> done() {
    return done;
  }

  /** Stops delivery and ends the stream. */
  @Override
  public void close() {
    Stream stream;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      stream = live;
      live = null;
    }
    if (stream != null) {
      stream.cancel("peer watch closed by the client");
    }
    done.complete(null);
  }

  /** Opens a stream on the current endpoint, unless the watch ended. */
  void connect() {
    synchronized (lock) {
      if (ended) {
        return;
      }
      attempts++;
      live = new Stream(pool.current());
      try {
        MembershipGrpc.newStub(pool.channel(live.endpoint)).watchPeers(WatchPeersRequest.getDefaultInstance(), live);
        return;
      } catch (RuntimeException clientClosed) {
        live = null;
        ended = true;
      }
    }
    done.completeExceptionally(new IllegalStateException("the client is closed"));
  }

  /** The live stream failed: try the next endpoint if nothing was delivered yet, else end the watch. */
  private void failed(Stream stream, MeshkitClientException error) {
    boolean next;
    synchronized (lock) {
      if (ended || live != stream) {
        return;
      }
      live = null;
      boolean refused = error.fromServer() && !error.isRetriable();
      next = !delivered && !refused && attempts < pool.endpoints().size();
      if (next) {
        pool.failedAt(stream.endpoint);
      } else {
        ended = true;
      }
    }
    if (next) {
      connect();
      return;
    }
    listener.onFailed(error);
    done.completeExceptionally(error);
  }

  /** One gRPC stream of the watch. */
  private final class Stream extends CancellableCall<WatchPeersRequest, PeerEvent> {
    private final int endpoint;

    Stream(int endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void onNext(PeerEvent event) {
      synchronized (lock) {
        if (ended || live != this) {
          return;
        }
        delivered = true;
      }
      listener.onEvent(event);
    }

    @Override
    public void onError(Throwable t) {
      failed(this, MeshkitClientException.from(t, pool.endpoint(endpoint)));
    }

    @Override
    public void onCompleted() {
      onError(Status.UNAVAILABLE.withDescription("the member ended the peer watch").asRuntimeException());
    }
  }
}
