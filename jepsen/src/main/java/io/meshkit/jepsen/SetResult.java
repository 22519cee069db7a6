package io.meshkit.jepsen;

import java.util.SortedSet;

/**
 * Verdict of the set workload.
 *
 * @param verdict INVALID if anything is lost or unexpected; UNKNOWN if there was no OK final read
 * @param lost acknowledged (OK) adds missing from the final read
 * @param unexpected elements of the final read that no OK or INFO add attempted
 * @param acknowledged number of OK adds
 * @param recovered INFO adds that turned out to be present in the final read
 */
public record SetResult(
    Verdict verdict, SortedSet<Long> lost, SortedSet<Long> unexpected, int acknowledged, int recovered) {}
