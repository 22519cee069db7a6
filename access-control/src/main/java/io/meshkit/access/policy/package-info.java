/**
 * The cluster's transport policy (issue 11): one replicated {@code TransportPolicy} record under
 * {@code policy} in {@link io.meshkit.raft.Table#ACCESS}, its command (640), its validation, and the
 * view a member follows it by. Checking configurations against it is the server's (it owns the
 * config types); enforcing it is the gRPC edge's (encodings) and the relay's (protocols).
 */
package io.meshkit.access.policy;
