package io.meshkit.cli;

import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.MutationResponse;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl shards assign NAMESPACE ID --replicas A,B,C}. */
@Command(name = "assign", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Sets a shard's replicas explicitly, the owner first. A new owner raises the epoch by one. "
        + "Every node must be registered and not decommissioned. Prints before → after and the revision."},
    footer = {"", "Examples:",
        "  meshctl shards assign orders 7 --replicas node-2,node-3 --expected-epoch 3",
        "  meshctl shards assign orders 7 --replicas node-2,node-3,node-1 --dry-run"})
final class ShardsAssignCommand extends RegistryMutationCommand {
  @Mixin
  ShardAddress shard;

  @Option(names = "--replicas", required = true, paramLabel = "A,B,...",
      description = "Every node to hold the shard, the owner first.")
  String replicas;

  @Mixin
  ExpectedEpochOption expected;

  private List<String> nodes;

  @Override
  void validate(CliContext context) {
    shard.validate();
    expected.validate();
    nodes = RegistryArguments.list("--replicas", replicas);
    if (nodes.isEmpty()) {
      throw new UsageException("--replicas needs at least the owner; write it like --replicas node-1,node-2");
    }
    if (new HashSet<>(nodes).size() != nodes.size()) {
      throw new UsageException("--replicas " + replicas + " names a node twice; list each node once, the owner "
          + "first");
    }
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().assignShard(stamped(AssignShardRequest.newBuilder()
        .setNamespace(shard.namespace).setShardId(shard.shardId).addAllReplicas(nodes)
        .setExpectedEpoch(expected.epoch), session).build());
  }
}
