package io.meshkit.perf;

import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.GossipStats;
import io.meshkit.gossip.MemberStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/perf gossip}: N gossip members in this JVM on loopback UDP with the production
 * timings — time to converge, messages and bytes per member per second, time for every member to
 * see a stopped one dead, and false positives while every member drops a share of its datagrams.
 */
@Command(name = "gossip", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs --members gossip members in this JVM on loopback (production timings) and measures: "
        + "convergence, messages per member per second, detection of a stopped member, and false positives "
        + "with --loss of every datagram dropped. Prints a table and writes gossip.md under --out."},
    footer = {"", "Examples:", "  bin/perf gossip", "  bin/perf gossip --members 50 --loss 0.1 --loss-seconds 120",
        "  bin/perf gossip --probe-interval 500 --suspicion-multiplier 2    a faster, twitchier setting"})
final class GossipCommand implements Callable<Integer> {
  @Option(names = "--members", paramLabel = "N", description = "Members (default: ${DEFAULT-VALUE})")
  int members = 200;

  @Option(names = "--loss", paramLabel = "SHARE", description = "Datagrams dropped in the loss run (default: "
      + "${DEFAULT-VALUE})")
  double loss = 0.05;

  @Option(names = "--steady-seconds", paramLabel = "S", description = "Steady-state measurement (default: "
      + "${DEFAULT-VALUE})")
  int steadySeconds = 30;

  @Option(names = "--loss-seconds", paramLabel = "S", description = "Loss run (default: ${DEFAULT-VALUE})")
  int lossSeconds = 60;

  @Option(names = "--probe-interval", paramLabel = "MS", description = "Protocol period (default: ${DEFAULT-VALUE}); "
      + "the probe timeout is half of it")
  int probeIntervalMs = 1000;

  @Option(names = "--suspicion-multiplier", paramLabel = "N", description = "Minimum suspicion in periods × "
      + "log10(members) (default: ${DEFAULT-VALUE})")
  double suspicionMultiplier = 4;

  @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: perf/target/report)")
  Path out = Path.of("perf/target/report");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (members < 3 || loss < 0 || loss >= 1 || steadySeconds < 1 || lossSeconds < 1 || probeIntervalMs < 20
        || suspicionMultiplier <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--members must be at least 3, --loss in [0, 1), durations positive, --probe-interval at least 20 ms");
    }
    GossipConfig d = GossipConfig.defaults();
    GossipConfig config = new GossipConfig(java.time.Duration.ofMillis(probeIntervalMs),
        java.time.Duration.ofMillis(probeIntervalMs / 2), d.indirectProbes(), suspicionMultiplier,
        d.suspicionMaxMultiplier(), d.retransmitMultiplier(), d.gossipInterval(), d.gossipFanout(), d.syncInterval(),
        d.reapAfter(), d.maxAwareness(), d.maxMetadataBytes());
    List<GossipNode> nodes = new ArrayList<>();
    Set<String> falselyDead = ConcurrentHashMap.newKeySet();
    Map<String, Long> seenDeadAt = new ConcurrentHashMap<>();
    StringBuilder table = new StringBuilder("| measure | value |\n|---|---|\n");
    try {
      for (int i = 0; i < members; i++) {
        List<String> seeds = nodes.isEmpty() ? List.of() : List.of(nodes.get(0).address());
        GossipNode node = GossipNode.start(config, "perf", "m" + i, "127.0.0.1:0", null, seeds, null);
        nodes.add(node);
      }
      System.err.println("gossip: " + members + " members started; waiting for convergence...");
      double converge = awaitSeconds(() -> nodes.stream().allMatch(n -> n.members().size() == members
          && n.members().stream().allMatch(m -> m.status() == MemberStatus.ALIVE)), 180);
      row(table, "members", Integer.toString(members));
      row(table, "probe interval / timeout, suspicion multiplier", probeIntervalMs + " ms / " + probeIntervalMs / 2
          + " ms, " + suspicionMultiplier);
      row(table, "convergence after the last start (s)", converge < 0 ? "not within 180 s"
          : String.format(Locale.ROOT, "%.1f", converge));

      long messages = sum(nodes, GossipStats::messagesSent);
      long bytes = nodes.stream().mapToLong(GossipNode::bytesSent).sum();
      TimeUnit.SECONDS.sleep(steadySeconds);
      double perMember = (sum(nodes, GossipStats::messagesSent) - messages) / (double) members / steadySeconds;
      double bytesPerMember = (nodes.stream().mapToLong(GossipNode::bytesSent).sum() - bytes)
          / (double) members / steadySeconds;
      row(table, "messages sent per member per second (steady)", String.format(Locale.ROOT, "%.1f", perMember));
      row(table, "bytes sent per member per second (steady)", String.format(Locale.ROOT, "%.0f", bytesPerMember));

      GossipNode victim = nodes.remove(nodes.size() / 2);
      String victimId = victim.members().get(0).id();
      for (GossipNode n : nodes) {
        String observer = n.members().get(0).id();
        n.addListener((before, after) -> {
          if (after.id().equals(victimId) && after.status() == MemberStatus.DEAD) {
            seenDeadAt.putIfAbsent(observer, System.nanoTime());
          }
        });
      }
      long stoppedAt = System.nanoTime();
      victim.close();
      awaitSeconds(() -> seenDeadAt.size() == nodes.size(), 120);
      long[] detection = seenDeadAt.values().stream().mapToLong(t -> (t - stoppedAt) / 1_000_000).sorted().toArray();
      row(table, "members that saw the stopped member dead", seenDeadAt.size() + " of " + nodes.size());
      if (detection.length > 0) {
        row(table, "detection time, first / median / last member (s)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
            detection[0] / 1000.0, detection[detection.length / 2] / 1000.0, detection[detection.length - 1] / 1000.0));
      }

      for (GossipNode n : nodes) {
        n.addListener((before, after) -> {
          if (after.status() == MemberStatus.DEAD && !after.id().equals(victimId)) {
            falselyDead.add(after.id());
          }
        });
        n.dropOutbound(loss);
      }
      long suspicions = sum(nodes, GossipStats::suspicionsRaised);
      long refuted = sum(nodes, GossipStats::suspicionsRefuted);
      TimeUnit.SECONDS.sleep(lossSeconds);
      long raised = sum(nodes, GossipStats::suspicionsRaised) - suspicions;
      row(table, String.format(Locale.ROOT, "suspicions raised in %d s with %.0f %% of datagrams lost", lossSeconds,
          loss * 100), Long.toString(raised));
      row(table, "... refuted by the suspect (false positives)", Long.toString(sum(nodes, GossipStats::suspicionsRefuted)
          - refuted));
      row(table, "... per member per minute", String.format(Locale.ROOT, "%.3f", raised / (double) nodes.size()
          / (lossSeconds / 60.0)));
      row(table, "live members declared dead", falselyDead.isEmpty() ? "none" : falselyDead.toString());
    } finally {
      nodes.forEach(GossipNode::close);
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("gossip.md"), "# Gossip — " + Instant.now() + "\n\n" + table);
    System.out.print(table);
    return 0;
  }

  private static long sum(List<GossipNode> nodes, java.util.function.ToLongFunction<GossipStats> value) {
    return nodes.stream().mapToLong(n -> value.applyAsLong(n.stats())).sum();
  }

  private static void row(StringBuilder table, String measure, String value) {
    table.append("| ").append(measure).append(" | ").append(value).append(" |\n");
  }

  /** Seconds until {@code condition} held, or -1 after {@code limitSeconds}. */
  private static double awaitSeconds(BooleanSupplier condition, int limitSeconds) throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(limitSeconds)) {
        return -1;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
