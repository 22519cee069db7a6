package io.meshkit.gossip;

import java.time.Duration;

/**
 * Gossip timing and sizes. Defaults follow SWIM/Lifeguard as tuned for a LAN (memberlist's LAN
 * profile): a 1 s protocol period with a 500 ms direct-probe timeout, 3 indirect probes, suspicion
 * between 4 and 24 protocol periods scaled by log(members), retransmits λ·log(n) with λ = 4.
 *
 * @param probeInterval protocol period: one member probed per period
 * @param probeTimeout wait for a direct ack before asking others to probe (< probeInterval)
 * @param indirectProbes k: members asked to probe on our behalf
 * @param suspicionMultiplier suspicion lasts at least {@code multiplier × log10(n+1) × probeInterval}
 * @param suspicionMaxMultiplier ...and at most that many times the minimum, when nobody confirms
 * @param retransmitMultiplier λ: each update is piggy-backed λ·ceil(log10(n+1)) times
 * @param gossipInterval how often updates are pushed to {@code gossipFanout} random members
 * @param gossipFanout members per push
 * @param syncInterval anti-entropy: full state exchanged with one random member this often
 * @param reapAfter dead and left members are forgotten after this
 * @param maxAwareness Lifeguard's local health bound: timeouts grow up to (max + 1) ×
 * @param maxMetadataBytes a member's metadata (serialized) may not exceed this
 */
public record GossipConfig(Duration probeInterval, Duration probeTimeout, int indirectProbes,
    double suspicionMultiplier, double suspicionMaxMultiplier, int retransmitMultiplier, Duration gossipInterval,
    int gossipFanout, Duration syncInterval, Duration reapAfter, int maxAwareness, int maxMetadataBytes) {

  public static GossipConfig defaults() {
    return new GossipConfig(Duration.ofSeconds(1), Duration.ofMillis(500), 3, 4, 6, 4, Duration.ofMillis(200), 3,
        Duration.ofSeconds(30), Duration.ofSeconds(30), 8, 512);
  }

  public GossipConfig {
    if (probeTimeout.compareTo(probeInterval) >= 0 || probeTimeout.isNegative() || probeTimeout.isZero()) {
      throw new IllegalArgumentException("probe timeout (" + probeTimeout.toMillis() + " ms) must be positive and "
          + "below the probe interval (" + probeInterval.toMillis() + " ms)");
    }
    if (indirectProbes < 0 || retransmitMultiplier < 1 || gossipFanout < 1 || maxAwareness < 0
        || suspicionMultiplier <= 0 || suspicionMaxMultiplier < 1 || maxMetadataBytes < 1) {
      throw new IllegalArgumentException("gossip counts and multipliers must be positive");
    }
  }
}
