package io.meshkit.relay.proxy;

import java.util.List;

/**
 * Which protocols the relay may speak with clients and backends, and which it prefers: the transport
 * policy's {@code client_protocols} and {@code backend_protocols}, most preferred first. A request over
 * the first is as wished; over another listed one it is a downgrade (counted); over one not listed it
 * is refused. An empty list allows everything and prefers nothing (no downgrades).
 *
 * <p>Thread-safe: {@link #set} swaps one immutable table; {@link #judge} reads it without locking or
 * allocating (it runs once per request on the event loop).
 */
public final class ProtocolRules {
  /** The protocol of one side of an exchange; {@link #policyName} is the policy's name for it. */
  public enum Protocol {
    H2("h2"), HTTP1("http1.1"), H2C("h2c");

    private final String policyName;

    Protocol(String policyName) {
      this.policyName = policyName;
    }

    public String policyName() {
      return policyName;
    }
  }

  /** Which connection of an exchange. */
  public enum Side {
    CLIENT, BACKEND;
  }

  /** What the policy makes of a protocol on a side. */
  public enum Verdict {
    PREFERRED, DOWNGRADE, REFUSED
  }

  private static final Verdict[][] ANYTHING = table(List.of(), List.of());

  /** [side][protocol]. */
  private volatile Verdict[][] verdicts = ANYTHING;
  private volatile List<List<String>> allowed = List.of(List.of(), List.of());

  /** Replaces the rules; names other than {@link Protocol#policyName()}s are ignored. */
  public void set(List<String> client, List<String> backend) {
    verdicts = table(client, backend);
    allowed = List.of(List.copyOf(client), List.copyOf(backend));
  }

  public Verdict judge(Side side, Protocol protocol) {
    return verdicts[side.ordinal()][protocol.ordinal()];
  }

  /** The allowed protocols of {@code side}, most preferred first (for messages). */
  public List<String> allowed(Side side) {
    return allowed.get(side.ordinal());
  }

  private static Verdict[][] table(List<String> client, List<String> backend) {
    return new Verdict[][] {row(client), row(backend)};
  }

  private static Verdict[] row(List<String> names) {
    Verdict[] row = new Verdict[Protocol.values().length];
    for (Protocol p : Protocol.values()) {
      int at = names.indexOf(p.policyName());
      row[p.ordinal()] = names.isEmpty() || at == 0 ? Verdict.PREFERRED : at > 0 ? Verdict.DOWNGRADE : Verdict.REFUSED;
    }
    return row;
  }
}
