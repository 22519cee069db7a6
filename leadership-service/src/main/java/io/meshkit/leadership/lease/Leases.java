package io.meshkit.leadership.lease;

import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.LeadershipListener;
import io.meshkit.raft.LeaseAttachmentOwner;
import io.meshkit.raft.RaftNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lease subsystem of one member: its command handler (registered with the node at start), and
 * once the node runs, the leader-side keeper, renewals and reaper. Two steps because the handler
 * must exist before the node, and the rest needs the node.
 */
public final class Leases implements AutoCloseable {
  /** Tuning; the defaults suit TTLs of a few seconds and more. */
  public record Settings(Duration tick, Duration checkpointInterval) {
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(100), Duration.ofSeconds(1));
    }
  }

  private final LeaseKeeper keeper;
  private final LeaseCommandHandler handler;
  private final Settings settings;
  private final LeaseMetrics metrics;
  private ScheduledExecutorService ticker;
  private RaftNode node;

  public Leases(List<LeaseAttachmentOwner> owners, Settings settings, LeaseMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.keeper = new LeaseKeeper(System::nanoTime, settings.checkpointInterval().toMillis());
    this.handler = new LeaseCommandHandler(owners, keeper);
  }

  /** The handler to pass to {@link RaftNode#start}. */
  public CommandHandler handler() {
    return handler;
  }

  /** Starts the leader-side work on {@code node}: promote on leadership, renewals, the reaper. */
  public synchronized void attach(RaftNode node) {
    this.node = node;
    node.registerLeaderQueryHandler(new LeaseRenewals(keeper, node));
    node.addLeadershipListener(new LeadershipListener() {
      @Override
      public void onLeaderReady(long term) {
        keeper.promote(term, node.read(RaftNode.Consistency.SERIALIZABLE, LeaseCommandHandler::all).join());
      }

      @Override
      public void onNotLeader() {
        keeper.demote();
      }
    });
    LeaseReaper reaper = new LeaseReaper(keeper, node, metrics);
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshkit-lease-reaper-" + node.memberId());
      t.setDaemon(true);
      return t;
    });
    long every = settings.tick().toMillis();
    ticker.scheduleWithFixedDelay(() -> {
      try {
        reaper.tick();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Leases.class).warn("lease reaper tick failed", e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  public RaftNode node() {
    return node;
  }

  public LeaseMetrics metrics() {
    return metrics;
  }

  /** Leases this member tracks as leader (0 on followers). */
  public int trackedByLeader() {
    return keeper.size();
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    keeper.demote();
  }
}
