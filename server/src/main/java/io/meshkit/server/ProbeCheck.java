package io.meshkit.server;

/** One check of a probe round ({@link ProbeRunner}); a check is run by one thread at a time. */
interface ProbeCheck {
  /** The {@code check} label: kv, election, relay. */
  String name();

  /** Runs the check once; returns when it passed. */
  void run() throws ProbeFailure;
}
