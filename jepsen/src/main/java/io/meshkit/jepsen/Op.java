package io.meshkit.jepsen;

import java.util.List;
import java.util.Objects;

/**
 * One history record.
 *
 * <p>Value by function: {@code WRITE} and {@code ADD} carry a {@code Long} on the invocation (and
 * usually the completion); {@code CAS} carries a {@link CasValue} on the invocation; a register
 * {@code READ} carries null on the invocation and the observed {@code Long} (null = absent) on an OK
 * completion; a set {@code READ} carries a {@code List<Long>} on an OK completion. A
 * {@code TRANSFER} carries a {@link ShardTransfer} on the invocation (and a FAIL or INFO completion)
 * and a {@link ShardState} on an OK completion, as do OK {@code SHARD_READ} and {@code RESOLVE}. A
 * {@code RELAY_GET} carries the shard key ({@code String}) on the invocation and a {@link RelayAnswer}
 * on an OK completion.
 *
 * @param process logical process id; one outstanding invocation at a time per process
 * @param type invoke or completion kind
 * @param function what the operation does
 * @param key the key operated on; null for keyless workloads
 * @param value see above
 * @param timeNanos monotonic time ({@link System#nanoTime()}) when recorded; informative only
 * @param index position in the history; the checkers take real-time order from it
 * @param error for a FAIL or INFO completion, what the client was told (informative only); else null
 */
public record Op(
    int process, OpType type, OpFunction function, String key, Object value, long timeNanos, long index,
    String error) {

  /** Process id of nemesis records. */
  public static final int NEMESIS = -1;

  /** A record without an error. */
  public Op(int process, OpType type, OpFunction function, String key, Object value, long timeNanos, long index) {
    this(process, type, function, key, value, timeNanos, index, null);
  }

  public Op {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(function, "function");
    if (value != null && !(value instanceof Long || value instanceof CasValue || value instanceof List
        || value instanceof String || value instanceof ShardState || value instanceof ShardTransfer
        || value instanceof RelayAnswer)) {
      throw new IllegalArgumentException("unsupported value type: " + value.getClass());
    }
  }

  /** The same record at another history position. */
  public Op withIndex(long newIndex) {
    return new Op(process, type, function, key, value, timeNanos, newIndex, error);
  }

  /** The same record with another value. */
  public Op withValue(Object newValue) {
    return new Op(process, type, function, key, newValue, timeNanos, index, error);
  }

  /** The value as a register value or set element; null if absent. */
  public Long longValue() {
    return (Long) value;
  }

  /** The value of a CAS invocation. */
  public CasValue casValue() {
    return (CasValue) value;
  }

  /** The shard an OK shard read, resolution or transfer observed. */
  public ShardState shardState() {
    return (ShardState) value;
  }

  /** The argument of a transfer invocation. */
  public ShardTransfer shardTransfer() {
    return (ShardTransfer) value;
  }

  /** What a relay answered to an OK relay request. */
  public RelayAnswer relayAnswer() {
    return (RelayAnswer) value;
  }

  /** The elements of a set read. */
  @SuppressWarnings("unchecked")
  public List<Long> elements() {
    return value == null ? List.of() : (List<Long>) value;
  }

  @Override
  public String toString() {
    return index + " p" + process + " " + type.name().toLowerCase() + " "
        + function.name().toLowerCase() + (key == null ? "" : " " + key) + " " + value
        + (error == null ? "" : " (" + error + ")");
  }
}
