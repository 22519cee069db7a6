/**
 * The rebalance controller and its inputs: planning from a registry view and gossip health, the
 * inverse plan of a rollback, the guardrails, and the controller loop that executes approved plans
 * step by step while its member leads election scope {@code meshkit/rebalancer}.
 */
package io.meshkit.rebalancer.control;
