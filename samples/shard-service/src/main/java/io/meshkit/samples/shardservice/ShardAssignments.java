package io.meshkit.samples.shardservice;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.RegistryWatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.Shard;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The shards of one namespace this node owns, kept current from the registry: one linearizable snapshot
 * at revision R, then a registry watch from R + 1 (the pattern the relay's routing follower uses). The
 * watch delivers every revision once and in order, across member failures, so the view is always the
 * registry's ownership at {@link #revision()}.
 *
 * <p>Invariant: {@code owned} holds exactly the shards whose owner was this node at {@code revision},
 * with their epoch; both change together under the monitor.
 */
final class ShardAssignments implements AutoCloseable {
  private final String node;
  private final String namespace;
  private final Map<Integer, Long> owned = new TreeMap<>();
  private long revision;
  private final WatchSubscription watch;
  private final CompletableFuture<MeshkitClientException> failed = new CompletableFuture<>();

  private ShardAssignments(MeshkitClient client, String node, String namespace) {
    this.node = node;
    this.namespace = namespace;
    // Every namespace: the one we serve may not exist yet; shards of others are filtered below.
    RegistrySnapshotResponse snapshot = client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance());
    synchronized (this) {
      snapshot.getShardsList().forEach(this::apply);
      revision = snapshot.getHeader().getRevision();
    }
    watch = client.registry().watch(RegistryWatchRequest.newBuilder().setStartRevision(revision + 1)
        .setNamespace(namespace).setShardsOnly(true).build(), new RegistryWatchHandler() {
          @Override
          public void onEvents(long at, List<RegistryEvent> events) {
            advance(at, events);
          }

          @Override
          public void onProgress(long at) {
            advance(at, List.of());
          }

          @Override
          public void onFailed(MeshkitClientException error) {
            failed.complete(error);
          }
        });
  }

  /** Reads the namespace's ownership for {@code node} and follows it until closed. */
  static ShardAssignments follow(MeshkitClient client, String node, String namespace) {
    return new ShardAssignments(client, node, namespace);
  }

  /** The epoch at which this node owns {@code shard}, if it owns it at {@link #revision()}. */
  synchronized OptionalLong epochOf(int shard) {
    Long epoch = owned.get(shard);
    return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
  }

  /** Owned shard → epoch, at {@link #revision()}. */
  synchronized Map<Integer, Long> owned() {
    return Collections.unmodifiableMap(new TreeMap<>(owned));
  }

  synchronized long revision() {
    return revision;
  }

  /** Completes with the reason when the watch ended for good (then the view no longer follows). */
  CompletableFuture<MeshkitClientException> failed() {
    return failed;
  }

  /**
   * Waits up to {@code limit} until the view has reached {@code atLeast}: a relay whose table is newer
   * than ours may be sending a shard we were just given.
   *
   * @return whether it got there in time
   */
  synchronized boolean awaitRevision(long atLeast, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (revision < atLeast && !failed.isDone()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return revision >= atLeast;
  }

  private synchronized void advance(long at, List<RegistryEvent> events) {
    for (RegistryEvent e : events) {
      if (!e.getObject().hasShard()) {
        continue;
      }
      Shard shard = e.getObject().getShard();
      if (e.getType() == RegistryEvent.Type.DELETE) {
        if (shard.getNamespace().equals(namespace)) {
          owned.remove(shard.getShardId());
        }
      } else {
        apply(shard);
      }
    }
    revision = Math.max(revision, at);
    notifyAll();
  }

  private void apply(Shard shard) {
    if (!shard.getNamespace().equals(namespace)) {
      return;
    }
    if (shard.getOwner().equals(node)) {
      owned.put(shard.getShardId(), shard.getEpoch());
    } else {
      owned.remove(shard.getShardId());
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
