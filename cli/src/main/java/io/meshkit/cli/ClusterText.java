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
}
