package io.meshkit.cli;

import io.meshkit.proto.v1.NodeState;
import picocli.CommandLine.Command;

/** {@code meshctl nodes uncordon ID}. */
@Command(name = "uncordon", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Makes node ID active again (from cordoned or draining): it takes new shards.",
        "Prints before → after and the revision."},
    footer = {"", "Examples:",
        "  meshctl nodes uncordon node-1",
        "  meshctl nodes uncordon node-1 --reason 'upgrade done' --ticket OPS-3"})
final class NodesUncordonCommand extends NodeStateCommand {
  @Override
  NodeState target() {
    return NodeState.NODE_ACTIVE;
  }
}
