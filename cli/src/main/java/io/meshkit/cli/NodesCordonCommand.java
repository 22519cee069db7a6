package io.meshkit.cli;

import io.meshkit.proto.v1.NodeState;
import picocli.CommandLine.Command;

/** {@code meshctl nodes cordon ID}. */
@Command(name = "cordon", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Cordons node ID: it keeps its shards and takes no new ones. Undo with 'nodes uncordon'.",
        "Prints before → after and the revision."},
    footer = {"", "Examples:",
        "  meshctl nodes cordon node-1 --reason 'kernel upgrade'",
        "  meshctl nodes cordon node-1 --dry-run"})
final class NodesCordonCommand extends NodeStateCommand {
  @Override
  NodeState target() {
    return NodeState.NODE_CORDONED;
  }
}
