package io.meshkit.cli;

import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.ShardStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl shards status NAMESPACE ID STATUS}. */
@Command(name = "status", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Sets a shard's status: active, draining, moving or offline. The epoch stays. Prints before → "
        + "after and the revision (nothing changes when the shard already has that status)."},
    footer = {"", "Examples:",
        "  meshctl shards status orders 7 draining --reason 'maintenance'",
        "  meshctl shards status orders 7 active --expected-epoch 4 --dry-run"})
final class ShardsStatusCommand extends RegistryMutationCommand {
  @Mixin
  ShardAddress shard;

  @Parameters(index = "2", paramLabel = "STATUS", description = RegistryArguments.STATUSES + ".")
  String status;

  @Mixin
  ExpectedEpochOption expected;

  private ShardStatus wanted;

  @Override
  void validate(CliContext context) {
    shard.validate();
    expected.validate();
    wanted = RegistryArguments.status(status);
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().setShardStatus(stamped(SetShardStatusRequest.newBuilder()
        .setNamespace(shard.namespace).setShardId(shard.shardId).setStatus(wanted).setExpectedEpoch(expected.epoch),
        session).build());
  }
}
