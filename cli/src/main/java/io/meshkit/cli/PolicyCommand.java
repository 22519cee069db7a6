package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl policy}: the cluster's transport policy. */
@Command(name = "policy", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The cluster's transport policy: required TLS, the protocols relays may speak with clients and "
        + "backends (most preferred first; the others are counted as downgrades), the gRPC encodings clients may send "
        + "(docs/security.md, 'Transport policy')."},
    subcommands = {PolicyGetCommand.class, PolicySetCommand.class},
    footer = {"", "Examples:",
        "  meshctl policy get",
        "  meshctl policy set --require-tls --client-protocols h2,http1.1 --grpc-encodings identity"})
final class PolicyCommand extends CommandGroup {}
