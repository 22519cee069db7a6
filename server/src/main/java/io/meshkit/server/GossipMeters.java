package io.meshkit.server;

import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.GossipStats;
import io.meshkit.gossip.MemberStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Gossip metrics of a member: members by status as this member sees them, probe round trips, messages and bytes,
 * suspicions, refutations and false positives (suspicions this member raised that were refuted),
 * datagrams dropped (wrong key, malformed), and the Lifeguard awareness score. None without gossip.
 */
final class GossipMeters {
  GossipMeters(MeterRegistry registry, Optional<GossipNode> gossip) {
    gossip.ifPresent(node -> bind(registry, node));
  }

  private static void bind(MeterRegistry registry, GossipNode node) {
    for (MemberStatus status : MemberStatus.values()) {
      Gauge.builder("meshkit_gossip_members", node, n -> n.members().stream().filter(m -> m.status() == status).count())
          .tag("status", status.name().toLowerCase(Locale.ROOT))
          .description("Members in this status as this member's gossip sees them (itself included)")
          .register(registry);
    }
    counter(registry, node, "meshkit_gossip_messages_sent", "Gossip datagrams sent", GossipStats::messagesSent);
    counter(registry, node, "meshkit_gossip_messages_received", "Gossip datagrams received from this cluster",
        GossipStats::messagesReceived);
    counter(registry, node, "meshkit_gossip_suspicions", "Members this member suspected", GossipStats::suspicionsRaised);
    counter(registry, node, "meshkit_gossip_suspicions_refuted",
        "Suspicions this member raised that the suspect refuted (false positives)", GossipStats::suspicionsRefuted);
    counter(registry, node, "meshkit_gossip_refutations", "Times this member refuted a suspicion of itself",
        GossipStats::refutations);
    counter(registry, node, "meshkit_gossip_foreign_cluster", "Datagrams of another cluster ignored",
        GossipStats::refusedForeignCluster);
    FunctionCounter.builder("meshkit_gossip_dropped_datagrams", node, GossipNode::droppedDatagrams)
        .description("Datagrams dropped unread: malformed, wrong key, sealed/plain mismatch").register(registry);
    FunctionCounter.builder("meshkit_gossip_sent_bytes", node, GossipNode::bytesSent).register(registry);
    FunctionCounter.builder("meshkit_gossip_received_bytes", node, GossipNode::bytesReceived).register(registry);
    io.micrometer.core.instrument.Timer rtt = io.micrometer.core.instrument.Timer.builder("meshkit_gossip_probe_rtt")
        .description("Round trip of direct gossip probes").publishPercentileHistogram()
        .minimumExpectedValue(java.time.Duration.ofMillis(1)).maximumExpectedValue(java.time.Duration.ofSeconds(5))
        .register(registry);
    node.addRttObserver(ms -> rtt.record((long) (ms * 1_000_000), java.util.concurrent.TimeUnit.NANOSECONDS));
    Gauge.builder("meshkit_gossip_awareness", node, GossipNode::awareness)
        .description("Lifeguard local health score: 0 healthy; timeouts are multiplied by score + 1")
        .register(registry);
  }

  private static void counter(MeterRegistry registry, GossipNode node, String name, String description,
      ToLongFunction<GossipStats> value) {
    FunctionCounter.builder(name, node, n -> n.stats() == null ? 0 : value.applyAsLong(n.stats()))
        .description(description).register(registry);
  }
}
