/**
 * The rebalance planner: {@link io.meshkit.rebalancer.plan.RebalancePlanner} turns one namespace's
 * registry snapshot, gossip health and policy into a bounded, deterministic list of moves, scored by
 * pluggable {@link io.meshkit.rebalancer.plan.ScoringAdapter}s.
 */
package io.meshkit.rebalancer.plan;
