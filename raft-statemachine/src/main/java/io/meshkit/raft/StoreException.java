package io.meshkit.raft;

/**
 * An internal storage failure (I/O, corruption, RocksDB error). Never a business outcome: when it
 * escapes an apply, the node stops rather than carry on with state that may differ from its peers.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
