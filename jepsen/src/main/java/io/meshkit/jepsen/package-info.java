/**
 * Jepsen-style verification suite. So far the pure-Java foundation: the history model ({@link
 * io.meshkit.jepsen.Op}, {@link io.meshkit.jepsen.History}, JSON lines via {@link
 * io.meshkit.jepsen.HistoryJson}, thread-safe recording via {@link io.meshkit.jepsen.HistoryRecorder})
 * and the checkers ({@link io.meshkit.jepsen.LinearizabilityChecker} for registers, {@link
 * io.meshkit.jepsen.SetChecker} for grow-only sets). Containers, nemeses and workloads come later.
 */
package io.meshkit.jepsen;
