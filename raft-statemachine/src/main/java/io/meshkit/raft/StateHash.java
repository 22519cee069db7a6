package io.meshkit.raft;

/**
 * The hash of a member's whole state at one revision (see {@link StateHasher}).
 *
 * @param revision the applied index the hashed state reflects
 * @param sha256 32 bytes
 * @param keyCount keys hashed, over every table
 */
public record StateHash(long revision, byte[] sha256, long keyCount) {}
