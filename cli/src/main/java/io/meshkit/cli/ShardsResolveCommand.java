package io.meshkit.cli;

import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.ResolveKeyResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl shards resolve NAMESPACE KEY}. */
@Command(name = "resolve", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows which shard of NAMESPACE holds KEY, its owner, epoch and status, and the owner's "
        + "data-plane endpoints: where a request for KEY goes. Linearizable unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl shards resolve orders customer-42",
        "  meshctl shards resolve orders customer-42 -o json | jq .owner.endpoints"})
final class ShardsResolveCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "The namespace.")
  String namespace;

  @Parameters(index = "1", paramLabel = "KEY", description = "The key (UTF-8).")
  String key;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAMESPACE", namespace);
  }

  @Override
  int run(Session session) {
    ResolveKeyResponse response = session.client().registry().resolveKey(ResolveKeyRequest.newBuilder()
        .setNamespace(namespace).setKey(key).setSerializable(read.serializable).build());
    RegistryViews.Resolution result = new RegistryViews.Resolution(Views.Header.of(response.getHeader()), key,
        RegistryViews.ShardInfo.of(response.getShard()),
        response.hasOwner() ? RegistryViews.NodeInfo.of(response.getOwner()) : null);
    session.output().print(result, out -> RegistryText.resolution(out, result));
    return ExitCodes.OK;
  }
}
