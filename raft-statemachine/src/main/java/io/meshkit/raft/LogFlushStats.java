package io.meshkit.raft;

import java.util.Optional;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Timer;

/**
 * Raft log flush (fsync) timing as Ratis measures it for one member: how many flushes, their
 * approximate total time, and the 99th percentile of recent ones. Read from Ratis' own metric
 * registry (its "log_worker" component, timer "flushTime"), so it is empty until the log has
 * flushed once or when Ratis runs without its default metrics implementation.
 *
 * @param count flushes since the member started
 * @param totalSeconds approximate total flush time (mean of the recent sample times count)
 * @param p99Seconds 99th percentile of the recent sample
 */
public record LogFlushStats(long count, double totalSeconds, double p99Seconds) {
  private static final String COMPONENT = "log_worker";
  private static final String TIMER = "flushTime";

  static Optional<LogFlushStats> of(RaftGroupMemberId member) {
    String prefix = member.toString();
    for (RatisMetricRegistry registry : MetricRegistries.global().getMetricRegistries()) {
      if (!prefix.equals(registry.getMetricRegistryInfo().getPrefix())
          || !COMPONENT.equals(registry.getMetricRegistryInfo().getMetricsComponentName())
          || !(registry instanceof RatisMetricRegistryImpl impl)) {
        continue;
      }
      Metric metric = impl.get(TIMER);
      if (metric instanceof Timer timer) {
        var snapshot = timer.getSnapshot();
        return Optional.of(new LogFlushStats(timer.getCount(), snapshot.getMean() * timer.getCount() / 1e9,
            snapshot.get99thPercentile() / 1e9));
      }
    }
    return Optional.empty();
  }
}
