package io.meshkit.perf.workload;

/** A request the system answered, but not as the workload requires; counted under {@link #code()}. */
public final class WorkloadFailure extends RuntimeException {
  private final String code;

  public WorkloadFailure(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The workload failure in {@code t}'s cause chain, or null. */
  public static WorkloadFailure in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof WorkloadFailure f) {
        return f;
      }
    }
    return null;
  }
}
