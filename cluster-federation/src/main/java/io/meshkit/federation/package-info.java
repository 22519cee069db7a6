/**
 * Cluster federation: descriptors (io.meshkit.federation.descriptors, .api); replication and failover to come.
 */
package io.meshkit.federation;
