package io.meshkit.jepsen;

/**
 * An invocation with its completion. An invocation that never completed is paired with a
 * synthesized {@link OpType#INFO} completion whose index is {@link Long#MAX_VALUE}.
 */
public record OpPair(Op invoke, Op completion) {

  /** How the operation ended. */
  public OpType outcome() {
    return completion.type();
  }

  public OpFunction function() {
    return invoke.function();
  }

  public String key() {
    return invoke.key();
  }

  /** Whether the outcome is unknown: it may have taken effect after invocation, or never. */
  public boolean indeterminate() {
    return outcome() == OpType.INFO;
  }

  @Override
  public String toString() {
    return invoke + "  ->  " + (completion.index() == Long.MAX_VALUE ? "(no completion)" : completion);
  }
}
