package io.meshkit.jepsen;

/**
 * Argument of a compare-and-set: succeeds iff the register currently holds {@code expected}
 * ({@code null} = absent), then holds {@code replacement}.
 */
public record CasValue(Long expected, long replacement) {}
