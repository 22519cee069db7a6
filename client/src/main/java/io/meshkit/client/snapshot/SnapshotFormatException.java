package io.meshkit.client.snapshot;

import java.io.IOException;

/** A snapshot stream or file that is not a complete, intact snapshot; the message names the problem. */
public final class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String message) {
    super(message);
  }
}
