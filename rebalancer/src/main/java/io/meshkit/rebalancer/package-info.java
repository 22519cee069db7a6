/**
 * Health-aware shard rebalancing. {@link io.meshkit.rebalancer.plan} is the pure planner (see
 * docs/rebalancer.md); the controller, APIs and CLI are to come.
 */
package io.meshkit.rebalancer;
