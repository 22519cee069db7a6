package io.meshkit.access.policy;

import io.meshkit.access.follow.StoreFollower;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Table;
import io.meshkit.raft.WatchSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This member's current transport policy: read from the local store at start, read again after every
 * applied change of the {@code policy} key ({@link StoreFollower}). Listeners run on the follower's
 * thread, once per read that differs from the policy before, in order.
 */
public final class TransportPolicyView implements AutoCloseable {
  private final List<Consumer<TransportPolicy>> listeners = new CopyOnWriteArrayList<>();
  private final StoreFollower<TransportPolicyRecord> follower;
  private volatile TransportPolicyRecord current = TransportPolicyRecord.NONE;

  private TransportPolicyView(RaftNode node) {
    follower = new StoreFollower<>(node, "the transport policy", TransportPolicyRecord::load,
        TransportPolicyRecord::revision, from -> new WatchSpec(Table.ACCESS, TransportPolicyRecord.KEY, null, true, from),
        this::swap);
  }

  /** Reads the policy now and follows it from then on. */
  public static TransportPolicyView follow(RaftNode node) {
    TransportPolicyView view = new TransportPolicyView(node);
    view.follower.start();
    return view;
  }

  public TransportPolicy policy() {
    return current.policy();
  }

  /** Calls {@code listener} with the current policy (on the follower's thread) and with every change after. */
  public void onChange(Consumer<TransportPolicy> listener) {
    listeners.add(listener);
    follower.execute(() -> listener.accept(current.policy()));
  }

  /** Reads the policy again now, on the calling thread (after a change this member applied). */
  public void reload() {
    follower.reload();
  }

  private synchronized void swap(TransportPolicyRecord loaded) {
    if (loaded.revision() < current.revision()) {
      return;
    }
    boolean changed = !loaded.policy().equals(current.policy());
    current = loaded;
    if (changed) {
      follower.execute(() -> listeners.forEach(l -> l.accept(loaded.policy())));
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
