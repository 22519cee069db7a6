package io.meshkit.jepsen.watch;

/** One change of one key: the revision that made it. */
public record Change(long revision, String key) {}
