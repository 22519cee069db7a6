package io.meshkit.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 * <p>It is also replaced when the members change: a Ratis client only knows the peers it was built
 * with, and fails (a NullPointerException inside Ratis) when told that a member it does not know
 * leads — e.g. a member added after it was built. Only the members count, not the configuration's log
 * index: every new leader appends its configuration again, and replacing the client on each election
 * failed the requests in flight (seen as a rebalance controller that completed no move under kills).
 * A replaced client is closed after a grace period, so requests already sent through it can finish.
 *
 * <p>Thread-safe. A broken or outdated client is replaced once (compare-and-set), by the first call
 * that sees it; requests already sent through it fail with the error they got.
 */
final class ForwardingClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForwardingClient.class);

  /** A client and the members it was built with. */
  private record Built(RaftClient client, Object members) {}

  private final Supplier<RaftClient> factory;
  private final Supplier<Object> members;
  private final java.time.Duration grace;
  private final AtomicReference<Built> current;
  private volatile boolean closed;

  /**
   * @param factory a fresh client for the members of the current configuration
   * @param members the current members (compared with equals: ids and addresses)
   * @param grace how long a client replaced for a membership change stays open for its requests in flight
   */
  ForwardingClient(Supplier<RaftClient> factory, Supplier<Object> members, java.time.Duration grace) {
    this.factory = factory;
    this.members = members;
    this.grace = grace;
    this.current = new AtomicReference<>(build());
  }

  private Built build() {
    Object now = members.get();
    return new Built(factory.get(), now);
  }

  /** An ordered write (or any request the leader must replicate). */
  CompletableFuture<RaftClientReply> send(Message message) {
    Built built = upToDate();
    return watch(built, built.client().async().send(message));
  }

  /** A read-only query answered by {@code leader} without waiting behind queued writes. */
  CompletableFuture<RaftClientReply> sendReadOnlyUnordered(Message message, RaftPeerId leader) {
    Built built = upToDate();
    return watch(built, built.client().async().sendReadOnlyUnordered(message, leader));
  }

  /** The current client, first replaced if the members changed since it was built. */
  private Built upToDate() {
    Built built = current.get();
    if (!built.members().equals(members.get()) && !closed) {
      Built fresh = build();
      if (current.compareAndSet(built, fresh)) {
        LOG.info("the members changed; the client forwarding to the leader now knows them");
        CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS)
            .execute(() -> closeQuietly(built.client()));
        return fresh;
      }
      closeQuietly(fresh.client());
      return current.get();
    }
    return built;
  }

  private CompletableFuture<RaftClientReply> watch(Built built, CompletableFuture<RaftClientReply> reply) {
    return reply.whenComplete((r, failure) -> {
      if (failure != null && breaks(failure)) {
        replace(built, failure);
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

  private void replace(Built broken, Throwable why) {
    if (closed) {
      return;
    }
    Built fresh = build();
    if (current.compareAndSet(broken, fresh)) {
      LOG.warn("the client forwarding to the leader broke ({}); replaced it", why.toString());
      closeQuietly(broken.client());
    } else {
      closeQuietly(fresh.client());
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
    current.get().client().close();
  }
}
