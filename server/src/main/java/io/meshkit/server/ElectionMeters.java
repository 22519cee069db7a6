package io.meshkit.server;

import io.meshkit.leadership.election.ElectionService;
import io.meshkit.leadership.election.LeadershipEvents;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Election metrics: how many scopes have a leader, and leader changes per scope (a new token; a
 * proclaim keeps the token and is not counted). Counted from this member's applied state, so every
 * member reports the same counts from the time it started.
 */
final class ElectionMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final Map<String, Long> tokens = new HashMap<>();
  private Watch watch;

  ElectionMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void bind(RaftNode node, ElectionService elections) {
    Gauge.builder("meshkit.election.scopes", elections, ElectionService::scopeCount)
        .description("Election scopes with a leader").register(registry);
    watch = node.watch(LeadershipEvents.spec("", 0), new WatchListener() {
      @Override
      public void onEvents(long revision, List<Event> events) {
        for (Event e : events) {
          Leadership l = LeadershipEvents.leadership(e);
          Long previous = l.getToken() == 0 ? tokens.remove(l.getScope()) : tokens.put(l.getScope(), l.getToken());
          if (l.getToken() != 0 && (previous == null || previous != l.getToken())) {
            Counter.builder("meshkit.election.leader.changes").tag("scope", l.getScope())
                .description("Leaders that took office, per scope").register(registry).increment();
          }
        }
      }

      @Override
      public void onProgress(long revision) {}

      @Override
      public void onCanceled(ErrorCode code, String reason, long compactRevision) {}
    });
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.cancel("member closing");
    }
  }
}
