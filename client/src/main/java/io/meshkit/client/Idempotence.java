package io.meshkit.client;

/** What the retry loop may assume about sending a request twice. */
enum Idempotence {
  /** Reads: any retriable failure is retried, on the next member. */
  SAFE,
  /**
   * Writes: retried only when the change certainly was not applied — the connection was refused,
   * or the leader rejected the request as overloaded before logging it. A timeout or a lost leader
   * leaves the outcome unknown, so the failure goes back to the caller (a blind resend could apply
   * the change twice, between someone else's writes).
   */
  UNSAFE
}
