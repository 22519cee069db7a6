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
  ADD
}
