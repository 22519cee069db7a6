package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl clusters}: the federation's cluster descriptors. */
@Command(name = "clusters", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The federation's clusters: one descriptor per MeshKit cluster (role, state, epoch, "
        + "region, zones, endpoints), kept in every cluster's registry so clients and relays find the primary.",
        "Roles: primary (takes writes; one at a time), standby (replicates; a failover target), observer "
            + "(replicates, never promoted). States: active, draining, failed-over, fenced. Role, state and epoch "
            + "change only through failover (docs/federation.md)."},
    subcommands = {ClustersListCommand.class, ClustersGetCommand.class, ClustersRegisterCommand.class,
        ClustersUpdateCommand.class, ClustersFailoverCommand.class},
    footer = {"", "Examples:",
        "  meshctl clusters register eu --role primary --region eu-west-1 --grpc-endpoint 10.0.0.1:7001",
        "  meshctl clusters register us --role standby --priority 10 --grpc-endpoint 10.1.0.1:7001",
        "  meshctl clusters list -o json | jq -r '.clusters[] | select(.role == \"primary\") | .id'"})
final class ClustersCommand extends CommandGroup {}
