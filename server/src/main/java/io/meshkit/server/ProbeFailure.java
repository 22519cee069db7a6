package io.meshkit.server;

import io.meshkit.client.MeshkitClientException;
import java.util.Locale;

/**
 * A probe check failed. {@code reason} is a short lower-case label for the failures metric (a bounded
 * set: error codes such as {@code no_leader} or {@code timeout}, or a check's own such as
 * {@code mismatch}); the message says what happened, for the log.
 */
final class ProbeFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String reason;

  ProbeFailure(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A failed call: the reason is its error code ({@code unavailable}, {@code no_leader}, ...) or {@code error}. */
  static ProbeFailure of(String what, RuntimeException e) {
    String reason = e instanceof MeshkitClientException m ? m.code().name().toLowerCase(Locale.ROOT) : "error";
    return new ProbeFailure(reason, what + " failed: " + e.getMessage());
  }

  String reason() {
    return reason;
  }
}
