/**
 * Netty reverse proxy routing requests to shard owners from linearizable registry snapshots. Filled by the relay issue.
 */
package io.meshkit.relay;
