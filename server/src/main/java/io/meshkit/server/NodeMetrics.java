package io.meshkit.server;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.LogFlushStats;
import io.meshkit.raft.NodeStatus;
import io.meshkit.raft.RaftMember;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.StateMachineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The member's Raft and state-machine metrics. Gauges read the node's status when scraped; the apply
 * timer and leader-change counter are fed by the state machine (on its apply thread, so cheap).
 */
final class NodeMetrics implements StateMachineListener {
  private final MeterRegistry registry;
  private final Timer applyLatency;
  private final Counter leaderChanges;
  private final Counter applyFailures;
  private final Counter snapshotInstalls;
  private volatile RaftNode node;
  private volatile MultiGauge followerLag;

  NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.applyLatency = Timer.builder("meshkit.apply.latency").description("Time to apply one log entry")
        .publishPercentileHistogram().register(registry);
    this.leaderChanges = Counter.builder("meshkit.raft.leader.changes")
        .description("Leader changes seen by this member").register(registry);
    this.applyFailures = Counter.builder("meshkit.apply.business.failures")
        .description("Entries applied with a business error code (compare failed, not found, ...)")
        .register(registry);
    this.snapshotInstalls = Counter.builder("meshkit.raft.snapshot.installs")
        .description("Snapshots installed from the leader").register(registry);
  }

  /** Registers the gauges that read {@code node}'s live status. */
  void bind(RaftNode node, java.util.function.IntSupplier watchers) {
    gauge("meshkit.raft.term", "Current Raft term", node, n -> n.status().term());
    gauge("meshkit.raft.commit.index", "Commit index of the Raft log", node, n -> n.status().commitIndex());
    gauge("meshkit.raft.applied.index", "Last entry applied to the state machine", node, n -> n.status().appliedIndex());
    gauge("meshkit.raft.snapshot.index", "Index of the newest snapshot", node, n -> n.status().snapshotIndex());
    gauge("meshkit.raft.is.leader", "1 when this member is the leader", node, n -> isLeader(n.status()));
    gauge("meshkit.raft.has.leader", "1 when this member knows a leader", node, n -> n.status().hasLeader() ? 1 : 0);
    gauge("meshkit.db.size.bytes", "Approximate RocksDB size", node, n -> n.status().dbSizeBytes());
    FunctionTimer.builder("meshkit.raft.log.flush", node,
            n -> n.logFlushStats().map(LogFlushStats::count).orElse(0L),
            n -> n.logFlushStats().map(LogFlushStats::totalSeconds).orElse(0.0), TimeUnit.SECONDS)
        .description("Raft log flushes (fsync) and their approximate total time, as Ratis measures them")
        .register(registry);
    gauge("meshkit.raft.log.flush.p99.seconds", "99th percentile of recent Raft log flushes", node,
        n -> n.logFlushStats().map(LogFlushStats::p99Seconds).orElse(0.0));
    // One series per other member of the configuration: NaN unless this member leads (only the leader
    // knows match indices), so alerts compare only the leader's view. Rows follow membership changes
    // (refreshFollowers, before each scrape).
    this.node = node;
    this.followerLag = MultiGauge.builder("meshkit.raft.follower.lag")
        .description("On the leader: log entries the follower trails by (last index - its match index)")
        .register(registry);
    refreshFollowers();
    gauge("meshkit.raft.voters", "Voters in this member's Raft configuration", node, n -> n.members().voters().size());
    gauge("meshkit.raft.listeners", "Non-voting listeners in this member's Raft configuration", node,
        n -> n.members().listeners().size());
    Gauge.builder("meshkit.watchers.active", watchers, s -> s.getAsInt()).description("Active watches")
        .register(registry);
  }

  private static double isLeader(NodeStatus s) {
    return "LEADER".equals(s.role()) ? 1 : 0;
  }

  /** Registers a follower-lag row for every other member of the current configuration (idempotent). */
  void refreshFollowers() {
    RaftNode n = node;
    if (n == null || followerLag == null) {
      return;
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (RaftMember m : n.members().all()) {
      if (!m.id().equals(n.memberId())) {
        String id = m.id();
        rows.add(MultiGauge.Row.of(Tags.of("follower", id), n, x -> {
          Long lag = x.followerLag().get(id);
          return lag == null ? Double.NaN : lag;
        }));
      }
    }
    followerLag.register(rows, true);
  }

  private void gauge(String name, String description, RaftNode node, ToDoubleFunction<RaftNode> f) {
    Gauge.builder(name, node, n -> {
      try {
        return f.applyAsDouble(n);
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }).description(description).register(registry);
  }

  @Override
  public void onApplied(long index, ErrorCode code, long applyNanos) {
    applyLatency.record(applyNanos, TimeUnit.NANOSECONDS);
    if (code != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      applyFailures.increment();
    }
  }

  @Override
  public void onLeaderChanged(String newLeaderId) {
    leaderChanges.increment();
  }

  @Override
  public void onSnapshotInstalled(long index) {
    snapshotInstalls.increment();
  }
}
