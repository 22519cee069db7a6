package io.meshkit.cli;

import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl ns update NAME ...}: read, change what the options name, write back at that version. */
@Command(name = "update", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Changes the settings the options name and keeps the rest. Prints before → after and the "
        + "revision.",
        "meshctl reads the namespace and writes it back only if nobody changed it in between (its version, or "
            + "--expected-version); else the server answers CONFLICT: read it again and retry. Hashing and "
            + "--shards may change only before the shards exist. --zones '' and --no-spread-zones undo; "
            + "--node-label replaces every label."},
    footer = {"", "Examples:",
        "  meshctl ns update orders --replicas 5 --reason 'more copies' --ticket OPS-12",
        "  meshctl ns update orders --imbalance-start 0.3 --imbalance-stop 0.1 --cooldown 5m",
        "  meshctl ns update orders --approval-required --expected-version 4"})
final class NsUpdateCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The namespace.")
  String name;

  @Mixin
  NamespaceOptions options;

  @Option(names = "--expected-version", paramLabel = "V",
      description = "Apply only at version V (as 'ns get' showed it). Default: the version read just before.")
  long expectedVersion;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAME", name);
    options.validate();
    RegistryArguments.notNegative("--expected-version", expectedVersion);
  }

  @Override
  MutationResponse mutate(Session session) {
    Namespace current = session.client().registry()
        .getNamespace(GetNamespaceRequest.newBuilder().setName(name).build()).getNamespace();
    UpdateNamespaceRequest.Builder request = UpdateNamespaceRequest.newBuilder().setNamespace(options.applyTo(current))
        .setExpectedVersion(expectedVersion != 0 ? expectedVersion : current.getVersion());
    return session.client().registry().updateNamespace(stamped(request, session).build());
  }
}
