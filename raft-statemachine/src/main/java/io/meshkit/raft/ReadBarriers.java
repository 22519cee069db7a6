package io.meshkit.raft;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;

/**
 * Linearizable read barriers of one member: ReadIndex rounds on its own server, shared among
 * concurrent reads by a {@link ReadBarrierBatcher}, completed on a small executor of its own so
 * reads are never served on a Ratis thread. Close with the member.
 */
final class ReadBarriers implements AutoCloseable {
  private static final int READ_THREADS = 4;
  /** Far above a healthy ReadIndex round here (a few ms), far below the 500 ms heartbeat period. */
  private static final Duration HEDGE_AFTER = Duration.ofMillis(50);

  private final LocalClient server;
  private final ExecutorService executor = Executors.newFixedThreadPool(READ_THREADS, RaftNode.daemon("meshkit-read"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(RaftNode.daemon("meshkit-read-hedge"));
  private final ReadBarrierBatcher batcher;

  ReadBarriers(LocalClient server) {
    this.server = server;
    this.batcher = new ReadBarrierBatcher(this::round, executor, timer, HEDGE_AFTER);
  }

  /** Completes, on the read executor, once this member applied everything committed before the call. */
  CompletableFuture<Void> await() {
    return batcher.await();
  }

  /** One ReadIndex round. */
  private CompletableFuture<Void> round() {
    return server.send(Message.EMPTY, RaftClientRequest.readRequestType())
        .handle(RatisErrors::replied)
        .thenApply(reply -> null);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    timer.shutdownNow();
  }
}
