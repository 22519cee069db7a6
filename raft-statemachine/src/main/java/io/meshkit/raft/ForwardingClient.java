package io.meshkit.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis client a member uses to send requests to the leader, replaced by a fresh one whenever it
 * breaks. Ratis' ordered async client fails every queued request and closes its sliding window for
 * good once one request exhausts its retry policy; without a replacement, every write forwarded by
 * this member fails at once until the process restarts (found by the Jepsen register workload: two
 * followers refused all forwarded writes for the last 150 s of a run).
 *
 * <p>Thread-safe. A broken client is replaced once (compare-and-set), by the first failure that
 * sees it; requests already sent through it fail with the error they got.
 */
final class ForwardingClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForwardingClient.class);

  private final Supplier<RaftClient> factory;
  private final AtomicReference<RaftClient> current;
  private volatile boolean closed;

  ForwardingClient(Supplier<RaftClient> factory) {
    this.factory = factory;
    this.current = new AtomicReference<>(factory.get());
  }

  /** An ordered write (or any request the leader must replicate). */
  CompletableFuture<RaftClientReply> send(Message message) {
    RaftClient client = current.get();
    return watch(client, client.async().send(message));
  }

  /** A read-only query answered by {@code leader} without waiting behind queued writes. */
  CompletableFuture<RaftClientReply> sendReadOnlyUnordered(Message message, RaftPeerId leader) {
    RaftClient client = current.get();
    return watch(client, client.async().sendReadOnlyUnordered(message, leader));
  }

  private CompletableFuture<RaftClientReply> watch(RaftClient client, CompletableFuture<RaftClientReply> reply) {
    return reply.whenComplete((r, failure) -> {
      if (failure != null && breaks(failure)) {
        replace(client, failure);
      }
    });
  }

  /** Whether the client can serve no further request after this failure. */
  static boolean breaks(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof AlreadyClosedException || t instanceof RaftRetryFailureException;
  }

  private void replace(RaftClient broken, Throwable why) {
    if (closed) {
      return;
    }
    RaftClient fresh = factory.get();
    if (current.compareAndSet(broken, fresh)) {
      LOG.warn("the client forwarding to the leader broke ({}); replaced it", why.toString());
      closeQuietly(broken);
    } else {
      closeQuietly(fresh);
    }
  }

  private static void closeQuietly(RaftClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing a replaced forwarding client failed", e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    current.get().close();
  }
}
