package io.meshkit.cli;

import io.meshkit.proto.v1.GetShardRequest;
import io.meshkit.proto.v1.GetShardResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshctl shards get NAMESPACE ID}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows one shard: owner, replicas, status, epoch (what --expected-epoch takes) and revisions. "
        + "Linearizable unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl shards get orders 7",
        "  meshctl shards get orders 7 -o json | jq .shard.epoch"})
final class ShardsGetCommand extends ClientCommand {
  @Mixin
  ShardAddress shard;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    shard.validate();
  }

  @Override
  int run(Session session) {
    GetShardResponse response = session.client().registry().getShard(GetShardRequest.newBuilder()
        .setNamespace(shard.namespace).setShardId(shard.shardId).setSerializable(read.serializable).build());
    RegistryViews.ShardDetail result = new RegistryViews.ShardDetail(Views.Header.of(response.getHeader()),
        RegistryViews.ShardInfo.of(response.getShard()));
    session.output().print(result, out -> RegistryText.shard(out, result.shard()));
    return ExitCodes.OK;
  }
}
