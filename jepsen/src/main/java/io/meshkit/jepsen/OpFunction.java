package io.meshkit.jepsen;

/** What an operation does. The value carried by each function is documented on {@link Op}. */
public enum OpFunction {
  /** Register read (completion value: observed {@code Long} or null) or set read (completion value: elements). */
  READ,
  /** Register write of a {@code Long}. */
  WRITE,
  /** Register compare-and-set with a {@link CasValue}. */
  CAS,
  /** Set add of a {@code Long} element. */
  ADD,
  /** Election campaign; an OK completion carries the fencing token. */
  CAMPAIGN,
  /** Write fenced with the token on the invocation; an OK completion carries the revision it applied at. */
  FENCED_WRITE,
  /** Resignation from an office; the value is the token resigned. */
  RESIGN,
  /** Registry read of one shard (key {@code shard-<id>}); an OK completion carries a {@link ShardState}. */
  SHARD_READ,
  /** Registry resolution of a key to its shard (key: the key); an OK completion carries a {@link ShardState}. */
  RESOLVE,
  /** Registry shard transfer at an expected epoch ({@link ShardTransfer}); an OK completion carries the new {@link ShardState}. */
  TRANSFER,
  /**
   * An HTTP GET through one node's relay (key: the node's id, whose relay answered; invocation value:
   * the shard key sent); an OK completion carries the {@link RelayAnswer} (any HTTP status), a FAIL one
   * means no answer (refused, timed out: a GET has no effect).
   */
  RELAY_GET,
  /** Nemesis record: a fault begins; the value is a {@code String} describing it. */
  FAULT,
  /** Nemesis record: faults are healed; the value is a {@code String} describing what was healed. */
  HEAL;

  /** Whether this records a nemesis action rather than a client operation. */
  public boolean isNemesis() {
    return this == FAULT || this == HEAL;
  }
}
