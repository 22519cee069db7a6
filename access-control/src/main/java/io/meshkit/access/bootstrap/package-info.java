/**
 * Bootstrap and join: join tokens (issued, consumed and revoked through Raft, kept under
 * {@code join/<id>} in {@link io.meshkit.raft.Table#ACCESS}), the cluster CA that signs the certificate
 * a joining member or relay asks for, and the {@code Bootstrap} gRPC service that ties them together.
 *
 * <p>Secrets are made at the edge ({@link io.meshkit.proto.JoinTokenText}); the state
 * machine sees and stores only their SHA-256, and checks expiry against the entry's apply time.
 */
package io.meshkit.access.bootstrap;
