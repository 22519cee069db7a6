package io.meshkit.cli;

import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.GetNamespaceResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl ns get NAME}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows namespace NAME: hashing, shard count, replicas, placement, rebalancer policy, whether "
        + "its shards exist, and its revisions and version (what 'ns update --expected-version' takes). "
        + "Linearizable unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl ns get orders",
        "  meshctl ns get orders -o json | jq .namespace.version"})
final class NsGetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The namespace.")
  String name;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAME", name);
  }

  @Override
  int run(Session session) {
    GetNamespaceResponse response = session.client().registry().getNamespace(GetNamespaceRequest.newBuilder()
        .setName(name).setSerializable(read.serializable).build());
    RegistryViews.NamespaceDetail result = new RegistryViews.NamespaceDetail(Views.Header.of(response.getHeader()),
        RegistryViews.NamespaceInfo.of(response.getNamespace()));
    session.output().print(result, out -> RegistryText.namespace(out, result.namespace()));
    return ExitCodes.OK;
  }
}
