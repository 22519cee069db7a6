package io.meshkit.cli;

import java.io.PrintWriter;

/** Tables of {@code meshctl clusters}. */
final class ClusterText {
  private ClusterText() {}

  static void cluster(PrintWriter out, ClusterViews.ClusterInfo c) {
    out.println("cluster " + c.id());
    RegistryText.detail(out, c, c.createRevision(), c.modRevision(), c.version());
  }

  static void clusters(PrintWriter out, ClusterViews.ClusterList list) {
    TextTable table = new TextTable("ID", "ROLE", "STATE", "EPOCH", "PRIORITY", "REGION", "GRPC ENDPOINTS");
    list.clusters().forEach(c -> table.row(c.id(), c.role(), c.state(), Long.toString(c.epoch()),
        Integer.toString(c.priority()), c.region().isEmpty() ? "-" : c.region(), RegistryText.list(c.grpcEndpoints())));
    table.print(out);
  }

  static void failover(PrintWriter out, ClusterViews.Failover f) {
    out.println(f.dryRun() ? "failover plan (dry run, nothing changed):" : "failover done:");
    for (int i = 0; i < f.steps().size(); i++) {
      out.println("  " + (i + 1) + ". " + f.steps().get(i));
    }
    if (f.record() != null) {
      ClusterViews.Failover.Record r = f.record();
      out.println(r.to() + " is the primary at epoch " + r.epoch() + " (revision " + r.revision() + ")"
          + (r.forced() ? "; forced: " + r.mayBeLost() + " revision(s) of " + r.from() + " after " + r.lastReplicated()
              + " may be lost" : ""));
    }
  }
}
