package io.meshkit.cli;

import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.TransferShardRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl shards transfer NAMESPACE ID --to NODE}. */
@Command(name = "transfer", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Moves a shard's ownership to NODE, which becomes replicas[0]; if it held no replica it takes "
        + "the old owner's place. The epoch grows by one. Prints before → after and the revision.",
        "With --expected-epoch the move applies only if nobody moved the shard since you read it; else CONFLICT "
            + "(exit 1): read it again ('shards get') and retry."},
    footer = {"", "Examples:",
        "  meshctl shards transfer orders 7 --to node-2 --expected-epoch 3",
        "  meshctl shards transfer orders 7 --to node-2 --dry-run",
        "  meshctl shards transfer orders 7 --to node-2 --reason 'drain' --ticket OPS-12"})
final class ShardsTransferCommand extends RegistryMutationCommand {
  @Mixin
  ShardAddress shard;

  @Option(names = "--to", required = true, paramLabel = "NODE", description = "The new owner.")
  String to;

  @Mixin
  ExpectedEpochOption expected;

  @Override
  void validate(CliContext context) {
    shard.validate();
    expected.validate();
    LeadersGetCommand.requireName("--to", to);
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().transferShard(stamped(TransferShardRequest.newBuilder()
        .setNamespace(shard.namespace).setShardId(shard.shardId).setTo(to).setExpectedEpoch(expected.epoch), session)
        .build());
  }
}
