package io.meshkit.gossip;

/**
 * Counters of one node since it started. {@code suspicionsRefuted} counts suspicions this node
 * raised that the suspect later refuted — false positives.
 */
public record GossipStats(long messagesSent, long messagesReceived, long suspicionsRaised, long suspicionsRefuted,
    long refutations, long refusedForeignCluster) {}
