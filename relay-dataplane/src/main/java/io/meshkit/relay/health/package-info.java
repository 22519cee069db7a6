/** What the relay knows of its backends' health: node liveness from gossip. */
package io.meshkit.relay.health;
