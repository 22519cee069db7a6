package io.meshkit.jepsen;

import java.util.Objects;

/**
 * Sequential specification of a single register whose value is a {@code Long}, initially absent
 * ({@code null}). Pure functions; a state is just the current value.
 */
final class RegisterModel {
  private RegisterModel() {}

  /**
   * Whether {@code op} can take effect, with its recorded result, when the register holds
   * {@code state}: a read must observe {@code state}; a cas needs {@code state == expected}; a write
   * always can.
   */
  static boolean admits(Long state, RegisterOp op) {
    return switch (op.function()) {
      case READ -> Objects.equals(state, op.pair().completion().longValue());
      case WRITE -> true;
      case CAS -> Objects.equals(state, op.pair().invoke().casValue().expected());
      default -> throw new IllegalArgumentException("not a register op: " + op.pair());
    };
  }

  /** The register value after {@code op} took effect; only valid if {@link #admits} holds. */
  static Long apply(Long state, RegisterOp op) {
    return switch (op.function()) {
      case READ -> state;
      case WRITE -> op.pair().invoke().longValue();
      case CAS -> op.pair().invoke().casValue().replacement();
      default -> throw new IllegalArgumentException("not a register op: " + op.pair());
    };
  }
}
