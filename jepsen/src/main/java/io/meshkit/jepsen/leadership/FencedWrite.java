package io.meshkit.jepsen.leadership;

/** A write the cluster accepted with {@code fence {scope, token}}, applied at {@code revision}. */
public record FencedWrite(String scope, long token, long revision) {}
