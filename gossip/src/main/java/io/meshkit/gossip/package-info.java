/**
 * Liveness by gossip: SWIM failure detection with Lifeguard's local health, suspicion and buddy
 * system ({@link io.meshkit.gossip.SwimProtocol}, a deterministic state machine), members' status,
 * incarnation, RTT and small versioned metadata. Gossip never writes the registry and never ends a
 * lease. Transport, services and CLI come next (issue 7).
 */
package io.meshkit.gossip;
