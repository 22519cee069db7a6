/**
 * Cluster descriptors, cross-cluster replication and failover. Filled by the federation issue.
 */
package io.meshkit.federation;
