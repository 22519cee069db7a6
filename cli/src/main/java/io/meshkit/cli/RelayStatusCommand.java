package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl relay status}: is the relay ready, how far behind, how loaded. */
@Command(name = "status", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows whether the relay is ready (its routing table follows the cluster; what /readyz "
        + "answers), the table's revision, the cluster's revision as last probed (every 5 s) and the lag between "
        + "them, how many namespaces, shards and nodes the table holds, the requests in flight and queued, the "
        + "requests rejected because a backend's queue was full, and the same per backend (with its in-flight "
        + "LIMIT, maxConnectionsPerBackend).",
        "-o json gives {relay, status: {ready, stale, revision, cluster_revision, lag, namespaces, shards, nodes, "
            + "in_flight, queued, uptime_seconds}, backpressure: {in_flight, queued, rejected, backends: "
            + "[{endpoint, in_flight, queued, limit, rejected}]}}."},
    footer = {"", "Examples:",
        "  meshctl relay status",
        "  meshctl relay status --relay 10.0.0.5:8081 -o json | jq '.status.lag'",
        "  until meshctl relay status >/dev/null; do sleep 1; done   # until ready",
        "",
        "Exit codes: 0 the relay is ready, 1 it is not (stale) or the answer is not",
        "  a relay's, 2 usage error, 3 the relay's admin server cannot be reached."})
final class RelayStatusCommand extends RelayAdminCommand {
  @Override
  int run(RelayAdminClient admin, Output output) throws InterruptedException {
    RelayViews.StatusReport report = new RelayViews.StatusReport(admin.address(), admin.status(),
        admin.backpressure());
    output.print(report, out -> RelayText.status(out, report));
    return report.status().ready() ? ExitCodes.OK : ExitCodes.REFUSED;
  }
}
