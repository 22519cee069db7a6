/**
 * Replication from the primary into a standby's own state machine: batches of registry changes applied
 * with their checkpoint in one entry (exactly once), and the checkpoint store.
 */
package io.meshkit.federation.replication;
