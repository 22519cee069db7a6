package io.meshkit.cli;

/**
 * The exit codes of meshctl, part of its contract with scripts. Documented in the footer of
 * {@code meshctl --help} and in the README; keep the three in step.
 */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;
  /**
   * The server refused the request (its message and hint are printed), a member was unreachable or
   * unhealthy in {@code cluster status|health}, the relay is not ready in {@code relay status}, a
   * lease or leadership being held was lost, a {@code --no-wait} campaign was not elected, or meshctl
   * failed unexpectedly.
   */
  static final int REFUSED = 1;
  /** The command line is wrong: unknown option, bad endpoint, duration or txn expression. */
  static final int USAGE = 2;
  /**
   * No member could serve the request: none reachable, no leader, or no quorum in time; for the
   * {@code relay} commands, the relay's admin server could not be reached.
   */
  static final int UNAVAILABLE = 3;

  private ExitCodes() {}
}
