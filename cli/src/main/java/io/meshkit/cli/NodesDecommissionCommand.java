package io.meshkit.cli;

import io.meshkit.proto.v1.NodeState;
import picocli.CommandLine.Command;

/** {@code meshctl nodes decommission ID}. */
@Command(name = "decommission", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Decommissions node ID for good (register the machine under a new id to bring it back). Fails with FAILED_PRECONDITION while it holds a shard replica: drain it first.",
        "Prints before → after and the revision."},
    footer = {"", "Examples:",
        "  meshctl nodes decommission node-1 --dry-run",
        "  meshctl nodes decommission node-1 --reason 'retired' --ticket OPS-9"})
final class NodesDecommissionCommand extends NodeStateCommand {
  @Override
  NodeState target() {
    return NodeState.NODE_DECOMMISSIONED;
  }
}
