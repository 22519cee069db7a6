package io.meshkit.perf.compare;

/** One of the performance targets, what was measured against it, and whether it was met. */
public record TargetCheck(String target, String measured, boolean met) {}
