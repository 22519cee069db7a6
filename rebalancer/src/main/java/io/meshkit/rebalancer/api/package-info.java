/** The {@code meshkit.v1.Rebalance} service: plan, list, get, approve, cancel, roll back and watch plans. */
package io.meshkit.rebalancer.api;
