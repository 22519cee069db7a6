/**
 * Access control: {@code io.meshkit.access.rbac} (users, roles, bearer tokens and the authorizer the
 * client edge asks) and {@code io.meshkit.access.bootstrap} (join tokens and certificate issuance).
 * Both keep their records in the replicated {@link io.meshkit.raft.Table#ACCESS} table; commands
 * 600–619 are RBAC's, 620–639 bootstrap's.
 */
package io.meshkit.access;
