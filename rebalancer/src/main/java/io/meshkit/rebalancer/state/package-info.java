/**
 * Rebalance plans in the replicated state machine: the plan and namespace records, the legal state
 * transitions, the steps of a move, and the command handler that applies them. Deterministic apply
 * only; the controller that proposes the steps is in {@code io.meshkit.rebalancer.control}.
 */
package io.meshkit.rebalancer.state;
