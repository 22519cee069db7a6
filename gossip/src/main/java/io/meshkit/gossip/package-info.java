/**
 * SWIM-style liveness (alive/suspect/dead, RTT, small metadata) over UDP with Netty. Gossip never writes the registry. Filled by the gossip issue.
 */
package io.meshkit.gossip;
