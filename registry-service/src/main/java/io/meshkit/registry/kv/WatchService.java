package io.meshkit.registry.kv;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.WatchGrpc;
import io.meshkit.proto.v1.WatchRequest;
import io.meshkit.proto.v1.WatchResponse;
import io.meshkit.raft.RaftNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * gRPC {@code meshkit.v1.Watch}: one {@link WatchStream} per client stream, each multiplexing many
 * watches. Streams asking for progress notifications get one per {@code progressInterval} per watch.
 */
public final class WatchService extends WatchGrpc.WatchImplBase implements AutoCloseable {
  private final RaftNode node;
  private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker;

  public WatchService(RaftNode node, Duration progressInterval) {
    this.node = node;
    this.ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshkit-watch-progress");
      t.setDaemon(true);
      return t;
    });
    long every = progressInterval.toMillis();
    ticker.scheduleWithFixedDelay(() -> streams.forEach(WatchStream::notifyProgress), every, every,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responses) {
    WatchStream stream = new WatchStream(node, (ServerCallStreamObserver<WatchResponse>) responses,
        streams::remove);
    streams.add(stream);
    return stream;
  }

  /** Active watches over every stream. */
  public int activeWatches() {
    return streams.stream().mapToInt(WatchStream::size).sum();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
