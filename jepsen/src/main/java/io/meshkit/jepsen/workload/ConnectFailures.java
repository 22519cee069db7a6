package io.meshkit.jepsen.workload;

import java.net.ConnectException;

/** Recognises failed calls whose request never left this process. */
final class ConnectFailures {
  private ConnectFailures() {}

  /** A connect failure (refused, or no SYN-ACK in time) is in the chain: nothing was sent. */
  static boolean neverConnected(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
