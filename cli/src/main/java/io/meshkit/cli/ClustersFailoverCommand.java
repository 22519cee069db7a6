package io.meshkit.cli;

import io.meshkit.proto.v1.FailoverRequest;
import io.meshkit.proto.v1.FailoverResponse;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl clusters failover --to ID [--force] [--dry-run]}. */
@Command(name = "failover", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Makes cluster --to the primary. Send it to --to's members (--endpoints): the failover runs "
        + "there. Planned (the default): fences the primary (its writes fail naming --to), waits until --to has "
        + "replicated everything up to the fence, promotes --to at a new epoch; the old primary then replicates "
        + "from it. Every step is audited where it happens.",
        "--force promotes --to without the old primary (it is down or cut off): changes it made after the last "
            + "replicated revision may be lost, and the window is printed and recorded; the old primary fences "
            + "itself when it comes back and sees the new epoch. --dry-run prints the plan only."},
    footer = {"", "Examples:",
        "  meshctl --endpoints 10.1.0.1:7001 clusters failover --to us --dry-run",
        "  meshctl --endpoints 10.1.0.1:7001 clusters failover --to us --reason 'eu maintenance' --ticket CHG-9",
        "  meshctl --endpoints 10.1.0.1:7001 clusters failover --to us --force --reason 'eu region down'",
        "", "Exit codes: 0 done (or planned), 1 refused (the reason says why; a planned failover that stopped after "
            + "the fence can be asked again to finish), 3 unreachable."})
final class ClustersFailoverCommand extends ClientCommand {
  @Option(names = "--to", required = true, paramLabel = "ID", description = "The standby to promote.")
  String to;

  @Option(names = "--force", description = "Promote without the old primary (it is down); may lose its last changes.")
  boolean force;

  @Option(names = "--catch-up-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for --to to replicate up to the fence (default 30s).")
  Duration catchUpTimeout;

  @Mixin
  AuditOptions audit;

  @Option(names = "--dry-run", description = "Print the plan; change nothing.")
  boolean dryRun;

  @Override
  boolean writes() {
    return !dryRun;
  }

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("--to", to);
  }

  @Override
  int run(Session session) {
    FailoverRequest.Builder request = FailoverRequest.newBuilder().setTo(to).setForce(force).setDryRun(dryRun)
        .setChange(audit.change(session.context().env()));
    if (catchUpTimeout != null) {
      request.setCatchUpTimeoutMs(catchUpTimeout.toMillis());
    }
    FailoverResponse response = session.client().federation().failover(request.build());
    ClusterViews.Failover result = ClusterViews.Failover.of(response);
    session.output().print(result, out -> ClusterText.failover(out, result));
    return ExitCodes.OK;
  }
}
