package io.meshkit.jepsen;

/** Outcome of a check. UNKNOWN means the checker gave up (budget); it is never reported as VALID. */
public enum Verdict {
  VALID,
  INVALID,
  UNKNOWN;

  /** Combination over partitions: any INVALID wins, then any UNKNOWN, else VALID. */
  public Verdict and(Verdict other) {
    if (this == INVALID || other == INVALID) {
      return INVALID;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
  }
}
