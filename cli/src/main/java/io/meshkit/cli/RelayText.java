package io.meshkit.cli;

import java.io.PrintWriter;

/** The table-mode text of the {@code relay} commands. */
final class RelayText {
  static final String STALE = "STALE: the relay is not following the cluster (no snapshot since its start, "
      + "or its watch was lost); is the cluster reachable from the relay?";

  private RelayText() {}

  /** The first line: which relay, which revision, whether it follows the cluster; then one row per shard. */
  static void routes(PrintWriter out, RelayViews.Routes routes) {
    out.println("routes of relay " + routes.relay() + " at revision " + routes.revision() + ", "
        + (routes.stale() ? STALE : "following the cluster"));
    TextTable table = new TextTable("NAMESPACE", "SHARD", "OWNER", "OWNER ENDPOINT", "EPOCH", "REPLICAS", "STATUS");
    routes.routes().forEach(r -> table.row(r.namespace(), r.shardId(), r.owner(), r.ownerEndpoint(), r.epoch(),
        RegistryText.list(r.replicas()), r.status()));
    table.print(out);
  }

  /** Ready or not, the table's revision against the cluster's, the counts, then the load per backend. */
  static void status(PrintWriter out, RelayViews.StatusReport report) {
    RelayViews.Status s = report.status();
    out.println("relay " + report.relay() + ": " + (s.ready() ? "ready" : "NOT READY"));
    RelayViews.Backpressure b = report.backpressure();
    TextTable table = new TextTable("FIELD", "VALUE")
        .row("routing", s.stale() ? STALE : "following the cluster");
    if (s.cluster() != null && !s.cluster().isEmpty()) {
      table.row("cluster", s.cluster() + (s.epoch() > 0 ? " (epoch " + s.epoch() + ")" : ""));
    }
    table.row("revision", s.revision())
        .row("cluster revision", s.clusterRevision())
        .row("lag", s.lag() + " revision(s)")
        .row("namespaces", s.namespaces())
        .row("shards", s.shards())
        .row("nodes", s.nodes())
        .row("in flight", b.inFlight())
        .row("queued", b.queued())
        .row("rejected", b.rejected() + " (queue full, since the start)")
        .row("uptime", PeerText.age(s.uptimeSeconds() * 1000))
        .print(out);
    out.println();
    if (b.backends().isEmpty()) {
      out.println("no backends yet: the relay has not sent a request");
      return;
    }
    TextTable backends = new TextTable("BACKEND", "IN FLIGHT", "QUEUED", "LIMIT", "REJECTED");
    b.backends().forEach(e -> backends.row(e.endpoint(), e.inFlight(), e.queued(), e.limit(), e.rejected()));
    backends.print(out);
  }
}
