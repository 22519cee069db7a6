package io.meshkit.relay.proxy;

/** What the proxy reports; bound to Micrometer by whoever runs the relay. Calls must not block. */
public interface RelayMetrics {
  RelayMetrics NONE = new RelayMetrics() {};

  /** A request answered with {@code status} (by the backend at {@code endpoint}, or by the relay). */
  default void answered(String namespace, String endpoint, int status, long nanos) {}

  /** A backend answered 421: the routing was refreshed and the request sent once more. */
  default void misdirected(String namespace) {}

  /**
   * A request went over {@code protocol} on {@code side}, which the transport policy allows but does not
   * prefer ({@link ProtocolRules.Verdict#DOWNGRADE}).
   */
  default void downgraded(ProtocolRules.Side side, ProtocolRules.Protocol protocol) {}
}
