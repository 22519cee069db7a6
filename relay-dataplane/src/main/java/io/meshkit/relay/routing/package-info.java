/**
 * The relay's routing table: the registry at one revision as an immutable snapshot, replaced as a
 * whole by the next revision's (a request never sees a half-applied change), followed from a
 * linearizable snapshot and a watch, and kept on disk as the last known good table.
 */
package io.meshkit.relay.routing;
