package io.meshkit.jepsen.workload;

import java.util.List;
import java.util.Optional;

/**
 * What the register and set workloads need from a key-value store, so that the same workloads and
 * checkers run against MeshKit and, for the cross-check, etcd. Keys and values are UTF-8; values
 * are decimal longs. Every failure is an {@link OpException} that says whether the operation
 * certainly did not happen.
 */
public interface KvClient extends AutoCloseable {
  /**
   * Reads one key.
   *
   * @param serializable read the contacted node's local state, which may be stale (the negative
   *     control); otherwise a linearizable read
   */
  Optional<Long> read(String key, boolean serializable) throws OpException;

  /** Sets the key to {@code value}. */
  void write(String key, long value) throws OpException;

  /**
   * Sets the key to {@code replacement} iff it holds {@code expected} (null: iff it is absent).
   *
   * @return false when the comparison failed and nothing was written
   */
  boolean compareAndSet(String key, Long expected, long replacement) throws OpException;

  /** Creates the key with an empty value (a set element). */
  void create(String key) throws OpException;

  /** Linearizable read of every key under {@code prefix}; returns the keys without the prefix. */
  List<String> listKeys(String prefix) throws OpException;

  @Override
  void close();

  /** A failed operation. */
  final class OpException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean definite;

    /**
     * @param definite the operation certainly had no effect (refused before or by the server);
     *     false when it may have been applied (timeout, lost connection, leader change)
     */
    public OpException(String message, boolean definite, Throwable cause) {
      super(message, cause);
      this.definite = definite;
    }

    public boolean definite() {
      return definite;
    }
  }
}
