package io.meshkit.federation.replication;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on the local node (a read, a proposal) from the federation's own threads, bounded. */
public final class NodeCalls {
  private NodeCalls() {}

  /**
   * The result of {@code future} within {@code timeout}.
   *
   * @throws MeshException the call's own failure as it was; TIMEOUT when no answer came in time;
   *     UNAVAILABLE for any other failure or an interrupt
   */
  public static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException(ErrorCode.UNAVAILABLE, "interrupted", "retry");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof MeshException m ? m
          : new MeshException(ErrorCode.UNAVAILABLE, e.getCause().getMessage(), "retry", e.getCause());
    } catch (TimeoutException e) {
      throw new MeshException(ErrorCode.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", "retry");
    }
  }
}
