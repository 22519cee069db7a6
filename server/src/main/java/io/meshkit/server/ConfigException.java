package io.meshkit.server;

/** A configuration problem, reported to the operator as one line naming it and the fix. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
