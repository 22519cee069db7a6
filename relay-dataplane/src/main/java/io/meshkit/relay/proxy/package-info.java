/**
 * The relay's HTTP proxy: which namespace and key a request is for ({@link io.meshkit.relay.proxy.RouteRules}),
 * and the Netty server that forwards it to the shard owner's data endpoint by the current routing table.
 */
package io.meshkit.relay.proxy;
