/**
 * Health-aware shard rebalance planner and controller. Filled by the rebalancer issue.
 */
package io.meshkit.rebalancer;
