package io.meshkit.raft;

/** A registered watch. Thread-safe. */
public interface Watch {

  /** Stops the watch; the listener gets {@code onCanceled} unless it already ended. */
  void cancel(String reason);

  /** Asks for an {@code onProgress} after the events queued so far. */
  void requestProgress();

  /** Resumes delivery after the listener reported not ready. */
  void resume();
}
