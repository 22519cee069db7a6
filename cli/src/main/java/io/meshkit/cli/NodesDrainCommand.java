package io.meshkit.cli;

import io.meshkit.proto.v1.NodeState;
import picocli.CommandLine.Command;

/** {@code meshctl nodes drain ID}. */
@Command(name = "drain", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Drains node ID: it takes no new shards and the rebalancer moves its shards away ('shards list --owner ID' shows what is left).",
        "Prints before → after and the revision."},
    footer = {"", "Examples:",
        "  meshctl nodes drain node-1 --reason 'hardware fault'",
        "  meshctl shards list --owner node-1"})
final class NodesDrainCommand extends NodeStateCommand {
  @Override
  NodeState target() {
    return NodeState.NODE_DRAINING;
  }
}
