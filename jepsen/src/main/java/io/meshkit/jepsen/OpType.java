package io.meshkit.jepsen;

/**
 * Kind of a history record. An {@link #INVOKE} is written before the request is sent; exactly one of
 * the others is written when it returns:
 * <ul>
 *   <li>{@link #OK}: the operation took effect (a read observed the completion's value);</li>
 *   <li>{@link #FAIL}: the operation certainly did not take effect;</li>
 *   <li>{@link #INFO}: indeterminate - it may have taken effect at any point after its invocation,
 *       or never. The process never issues again afterwards (Jepsen convention).</li>
 * </ul>
 */
public enum OpType {
  INVOKE,
  OK,
  FAIL,
  INFO;

  /** Whether this type ends an invocation. */
  public boolean isCompletion() {
    return this != INVOKE;
  }
}
