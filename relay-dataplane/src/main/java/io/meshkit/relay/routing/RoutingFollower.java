package io.meshkit.relay.routing;

import io.meshkit.client.ActivePrimary;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.RegistryWatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ListNamespacesRequest;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistryWatchRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current routing table: one linearizable snapshot of the registry at revision R, then a
 * watch from R + 1 whose revisions are applied in order, each producing a new immutable table swapped
 * in atomically. {@link #current()} never goes back in revision — a {@link #refresh} from a newer
 * snapshot is kept even when the watch delivers older revisions afterwards — with one exception: the
 * first snapshot after a start replaces a last known good table whatever its revision (see
 * {@link #followFrom}).
 *
 * <p>Started from the last known good table (when there is one and the cluster cannot be reached),
 * the follower serves it and reports {@link #stale()} until its first snapshot succeeds; it retries
 * the snapshot every second meanwhile. Each new table is written back to the last known good file
 * (at most every {@value #SAVE_EVERY_MS} ms; the newest always).
 *
 * <p>Federated, the follower follows the active primary (see {@link ActivePrimary}): every
 * {@value #FAILOVER_CHECK_MS} ms it looks at the descriptors its table holds — and, when the cluster it
 * follows cannot be reached, at what the other clusters they name say — and when a cluster of a higher
 * epoch than the followed one's is the active primary, it takes a snapshot there, swaps it in and
 * watches that cluster instead. Tables are ordered by (epoch, revision) ({@link RoutingTable#newerThan}),
 * so the table never goes back across a failover either.
 */
public final class RoutingFollower implements RoutingSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingFollower.class);
  static final long SAVE_EVERY_MS = 200;
  private static final long RETRY_MS = 1000;
  /** How often the cluster's revision is read (linearizably) to measure how far behind the table is. */
  static final long PROBE_EVERY_MS = 5000;
  /** How often the descriptors are looked at for a newer active primary. */
  static final long FAILOVER_CHECK_MS = 2000;

  /** The client given at construction: the caller's to close. */
  private final MeshkitClient given;
  /** Makes a client of another cluster's members (for a failover); those the follower closes itself. */
  private final Function<List<String>, MeshkitClient> clients;
  /** The client of the cluster followed now. */
  private volatile MeshkitClient client;
  /** The last probe of the followed cluster failed. */
  private volatile boolean sourceUnreachable;
  /** A switch to another cluster is under way. */
  private final AtomicBoolean switching = new AtomicBoolean();
  private final String namespace;
  private final Optional<LastKnownGood> lastKnownGood;
  private final AtomicReference<RoutingTable> table;
  private final AtomicBoolean stale = new AtomicBoolean(true);
  /** The highest revision the cluster is known to have reached (probes, watch responses, snapshots). */
  private final AtomicLong clusterRevision = new AtomicLong();
  private final AtomicBoolean saveScheduled = new AtomicBoolean();
  private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "relay-routing");
    t.setDaemon(true);
    return t;
  });
  private volatile WatchSubscription watch;
  private volatile boolean closed;

  /**
   * @param namespace the namespace to route (empty = every namespace)
   * @param lastKnownGood where the table is kept across restarts, if anywhere
   */
  public RoutingFollower(MeshkitClient client, String namespace, Optional<LastKnownGood> lastKnownGood) {
    this(client, endpoints -> MeshkitClient.builder().endpoints(endpoints).build(), namespace, lastKnownGood);
  }

  /** @param clients makes a client of another cluster's member endpoints, to follow a failover */
  public RoutingFollower(MeshkitClient client, Function<List<String>, MeshkitClient> clients, String namespace,
      Optional<LastKnownGood> lastKnownGood) {
    this.given = client;
    this.client = client;
    this.clients = clients;
    this.namespace = namespace;
    this.lastKnownGood = lastKnownGood;
    this.table = new AtomicReference<>(lastKnownGood.flatMap(LastKnownGood::load).orElse(RoutingTable.empty()));
  }

  /** Starts following: snapshot (retried every second until it succeeds), then the watch. */
  public RoutingFollower start() {
    background.execute(this::follow);
    background.scheduleWithFixedDelay(this::probe, PROBE_EVERY_MS, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(this::checkActive, FAILOVER_CHECK_MS, FAILOVER_CHECK_MS, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The highest revision the cluster is known to have reached: from a linearizable read every
   * {@value #PROBE_EVERY_MS} ms, and from every snapshot and watch response. {@code clusterRevision() -
   * current().revision()} is how far the table is behind (0 while it keeps up; growing while the
   * watch is stuck or the relay is cut off and serving the last known good table).
   */
  public long clusterRevision() {
    return Math.max(clusterRevision.get(), table.get().revision());
  }

  private void probe() {
    MeshkitClient source = client;
    if (!closed) {
      source.registry().listNamespacesAsync(ListNamespacesRequest.getDefaultInstance()).whenComplete((r, failure) -> {
        if (source == client) {
          sourceUnreachable = failure != null;
          if (failure == null) {
            clusterRevision.accumulateAndGet(r.getHeader().getRevision(), Math::max);
          }
        }
      });
    }
  }

  @Override
  public RoutingTable current() {
    return table.get();
  }

  /** Whether the table may be behind the cluster: no snapshot succeeded yet, or the watch failed for good. */
  public boolean stale() {
    return stale.get();
  }

  /** Called (on the follower's threads) with every new table; must not block. */
  public void addListener(Consumer<RoutingTable> listener) {
    listeners.add(listener);
  }

  @Override
  public CompletableFuture<RoutingTable> refresh() {
    return client.registry().snapshotAsync(RegistrySnapshotRequest.newBuilder().setNamespace(namespace).build())
        .thenApply(snapshot -> offer(RoutingTable.of(snapshot)));
  }

  private void follow() {
    if (closed) {
      return;
    }
    MeshkitClient source = client;
    source.registry().snapshotAsync(RegistrySnapshotRequest.newBuilder().setNamespace(namespace).build())
        .thenApply(RoutingTable::of).whenCompleteAsync((first, failure) -> followFrom(source, first, failure),
            background);
  }

  /** Installs the first snapshot and watches from the revision after it; on failure retries later. */
  private void followFrom(MeshkitClient source, RoutingTable first, Throwable failure) {
    if (closed || source != client) {
      return;  // another cluster is followed by now
    }
    if (failure != null) {
      LOG.warn("routing: no registry snapshot ({}); {} and retrying", failure.getMessage(),
          table.get().revision() > 0 ? "serving the last known good table at revision " + table.get().revision()
              : "no table yet");
      background.schedule(this::follow, RETRY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    // The first snapshot replaces the last known good table whatever its revision: for the same
    // cluster it is newer anyway, and a relay pointed at a rebuilt cluster must not keep the old one.
    install(source, first);
  }

  /** {@code first} (a snapshot of {@code source}'s cluster) becomes the table; then a watch from after it. */
  private void install(MeshkitClient source, RoutingTable first) {
    WatchSubscription previous = watch;
    if (previous != null) {
      previous.close();
    }
    table.set(first);
    published(first);
    stale.set(false);
    watch = source.registry().watch(RegistryWatchRequest.newBuilder().setNamespace(namespace)
        .setStartRevision(first.revision() + 1).build(), new RegistryWatchHandler() {
          @Override
          public void onEvents(long revision, List<RegistryEvent> events) {
            // A late event of a cluster no longer followed must not touch the new cluster's table.
            RoutingTable next = table.updateAndGet(t -> source == client ? t.apply(revision, events) : t);
            if (source == client) {
              published(next);
            }
          }

          @Override
          public void onProgress(long revision) {
            if (source == client) {
              offer(table.get().advance(revision));
            }
          }

          @Override
          public void onFailed(io.meshkit.client.MeshkitClientException error) {
            if (source == client) {
              restart(error.getMessage());
            }
          }
        });
  }

  /**
   * Follows the active primary: the one the table's descriptors name, or — when the followed cluster
   * cannot be reached — the one the other clusters name; switches when it is another cluster at a higher
   * epoch than the followed one's.
   */
  private void checkActive() {
    RoutingTable t = table.get();
    if (closed || t.clusters().isEmpty() || switching.get()) {
      return;
    }
    Optional<ClusterDescriptor> primary = ActivePrimary.of(t.clusters()).filter(p -> supersedes(p, t));
    if (primary.isEmpty() && sourceUnreachable) {
      List<List<String>> others = t.clusters().stream().filter(d -> !d.getId().equals(t.cluster())
          && d.getGrpcEndpointsCount() > 0).map(d -> List.copyOf(d.getGrpcEndpointsList())).toList();
      primary = ActivePrimary.of(ActivePrimary.ask(others, clients)).filter(p -> supersedes(p, t));
    }
    primary.ifPresent(this::switchTo);
  }

  private static boolean supersedes(ClusterDescriptor primary, RoutingTable t) {
    return !primary.getId().equals(t.cluster()) && primary.getEpoch() > t.epoch();
  }

  /** A snapshot of {@code primary}'s cluster; if it is newer than the table, that cluster is followed from then on. */
  private void switchTo(ClusterDescriptor primary) {
    MeshkitClient next;
    try {
      next = clients.apply(primary.getGrpcEndpointsList());
    } catch (RuntimeException e) {
      LOG.warn("routing: cluster {} is the active primary at epoch {}, but no client for its endpoints {}: {}",
          primary.getId(), primary.getEpoch(), primary.getGrpcEndpointsList(), e.getMessage());
      return;
    }
    switching.set(true);
    next.registry().snapshotAsync(RegistrySnapshotRequest.newBuilder().setNamespace(namespace).build())
        .thenApply(RoutingTable::of).whenCompleteAsync((first, failure) -> {
          switching.set(false);
          RoutingTable now = table.get();
          if (closed || failure != null || !first.newerThan(now)) {
            next.close();
            LOG.warn("routing: cluster {} is the active primary at epoch {}, but {}; still following {}",
                primary.getId(), primary.getEpoch(), failure != null ? "no snapshot from it (" + failure.getMessage()
                    + ")" : "its snapshot is not newer than the table (epoch " + first.epoch() + ")",
                now.cluster().isEmpty() ? "the configured endpoints" : now.cluster());
            return;
          }
          LOG.info("routing: following cluster {} (the active primary at epoch {}, revision {}) instead of {}",
              primary.getId(), first.epoch(), first.revision(), now.cluster().isEmpty() ? "the configured endpoints"
                  : now.cluster() + " (epoch " + now.epoch() + ", revision " + now.revision() + ")");
          MeshkitClient previous = client;
          client = next;
          sourceUnreachable = false;
          clusterRevision.set(0);
          if (previous != given) {
            previous.close();
          }
          install(next, first);
        }, background);
  }

  /** The watch ended for good (the history window was passed: COMPACTED): start over from a snapshot. */
  private void restart(String why) {
    if (!closed) {
      stale.set(true);
      LOG.warn("routing: the registry watch ended ({}); taking a new snapshot", why);
      background.schedule(this::follow, RETRY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Swaps {@code candidate} in if it is newer (in (epoch, revision) order); the table after. */
  private RoutingTable offer(RoutingTable candidate) {
    RoutingTable next = table.updateAndGet(t -> candidate.newerThan(t) ? candidate : t);
    if (next == candidate) {
      published(next);
    }
    return next;
  }

  private void published(RoutingTable next) {
    listeners.forEach(l -> l.accept(next));
    if (lastKnownGood.isPresent() && saveScheduled.compareAndSet(false, true)) {
      background.schedule(() -> {
        saveScheduled.set(false);
        try {
          lastKnownGood.get().save(table.get());
        } catch (RuntimeException e) {
          LOG.warn("routing: {}", e.getMessage());
        }
      }, SAVE_EVERY_MS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    closed = true;
    WatchSubscription w = watch;
    if (w != null) {
      w.close();
    }
    background.shutdown();
    try {
      background.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lastKnownGood.ifPresent(l -> l.save(table.get()));
    MeshkitClient last = client;
    if (last != given) {
      last.close();
    }
  }
}
