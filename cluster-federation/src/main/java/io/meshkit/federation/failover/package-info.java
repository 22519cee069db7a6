/** Failover: fencing the old primary and promoting a standby, each in its own cluster's state machine. */
package io.meshkit.federation.failover;
