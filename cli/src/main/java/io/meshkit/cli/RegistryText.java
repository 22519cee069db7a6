package io.meshkit.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table-mode text of the registry commands: aligned columns for lists, {@code FIELD VALUE}
 * lines for one object, and for changes one line per target naming what differs,
 * {@code shard/orders/7  owner node-1 → node-2, epoch 3 → 4}.
 */
final class RegistryText {
  static final String ARROW = " → ";

  private RegistryText() {}

  /** {@code a,b,c}, or {@code -} for none. */
  static String list(List<String> items) {
    return items.isEmpty() ? "-" : String.join(",", items);
  }

  /** {@code k=v,k2=v2} in name order, or {@code -} for none. */
  static String labels(Map<String, String> labels) {
    return labels.isEmpty() ? "-" : labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** {@code 1}, {@code 1.5}: no trailing zeros. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /**
   * What a change did to its target: {@code created: f v, ...}, {@code deleted}, the differing
   * fields as {@code f a → b, ...}, or {@code unchanged}.
   */
  static String change(RegistryViews.Change change) {
    if (change.before() == null && change.after() == null) {
      return "unchanged";
    }
    if (change.before() == null) {
      return "created: " + describe(change.after().content());
    }
    if (change.after() == null) {
      return "deleted";
    }
    Map<String, String> before = change.before().content().fields();
    List<String> differences = new ArrayList<>();
    change.after().content().fields().forEach((field, value) -> {
      String old = before.get(field);
      if (!value.equals(old)) {
        differences.add(field + " " + old + ARROW + value);
      }
    });
    return differences.isEmpty() ? "unchanged" : String.join(", ", differences);
  }

  /** Every field as {@code f v, f2 v2}. */
  static String describe(RegistryViews.Fields object) {
    return object.fields().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** One {@code TARGET  CHANGE} row per change, aligned. */
  static void changes(PrintWriter out, List<RegistryViews.Change> changes) {
    TextTable table = new TextTable("TARGET", "CHANGE");
    changes.forEach(c -> table.row(c.target(), change(c)));
    table.print(out);
  }

  /**
   * The changes, then {@code applied at revision N (ACTION)}; a dry run says nothing was applied;
   * a mutation that found everything as asked says so.
   */
  static void mutation(PrintWriter out, RegistryViews.Mutation mutation) {
    RegistryViews.Audit audit = mutation.audit();
    if (!audit.changes().isEmpty()) {
      changes(out, audit.changes());
    }
    if (mutation.dryRun()) {
      out.println(audit.changes().isEmpty() ? "dry run: nothing would change" : "dry run: nothing applied ("
          + audit.action() + " would make these changes)");
    } else if (audit.changes().isEmpty()) {
      out.println("nothing to change: already as asked (revision " + mutation.header().revision() + ")");
    } else {
      out.println("applied at revision " + audit.revision() + " (" + audit.action() + ")");
    }
  }

  /** {@code FIELD  VALUE} lines: the object's fields, then its revisions. */
  static void detail(PrintWriter out, RegistryViews.Fields object, long createRevision, long modRevision,
      long version) {
    TextTable table = new TextTable("FIELD", "VALUE");
    object.fields().forEach(table::row);
    table.row("revisions", "created " + createRevision + ", modified " + modRevision + ", version " + version);
    table.print(out);
  }

  static void namespace(PrintWriter out, RegistryViews.NamespaceInfo n) {
    out.println("namespace " + n.name());
    detail(out, n, n.createRevision(), n.modRevision(), n.version());
  }

  static void namespaces(PrintWriter out, RegistryViews.NamespaceList list) {
    TextTable table = new TextTable("NAME", "STRATEGY", "SHARDS", "REPLICAS", "SHARDS CREATED", "VERSION");
    list.namespaces().forEach(n -> table.row(n.name(), n.strategy(), n.shardCount(), n.replicationFactor(),
        n.shardsCreated() ? "yes" : "no", n.version()));
    table.print(out);
  }

  static void shard(PrintWriter out, RegistryViews.ShardInfo s) {
    out.println(s.target());
    detail(out, s, s.createRevision(), s.modRevision(), s.version());
  }

  static void shards(PrintWriter out, RegistryViews.ShardList list) {
    TextTable table = new TextTable("NAMESPACE", "SHARD", "OWNER", "REPLICAS", "STATUS", "EPOCH");
    list.shards().forEach(s -> table.row(s.namespace(), s.shardId(), s.owner(), list(s.replicas()), s.status(),
        s.epoch()));
    table.print(out);
  }

  static void node(PrintWriter out, RegistryViews.NodeInfo n) {
    out.println("node " + n.id());
    detail(out, n, n.registeredRevision(), n.modRevision(), n.version());
  }

  static void nodes(PrintWriter out, RegistryViews.NodeList list) {
    TextTable table = new TextTable("ID", "STATE", "ZONE", "WEIGHT", "ENDPOINTS", "LABELS");
    list.nodes().forEach(n -> table.row(n.id(), n.state(), n.zone().isEmpty() ? "-" : n.zone(),
        number(n.capacityWeight()), list(n.endpoints()), labels(n.labels())));
    table.print(out);
  }

  /** {@code KEY → shard/NS/ID}, then the owner, epoch, status and the owner's endpoints. */
  static void resolution(PrintWriter out, RegistryViews.Resolution r) {
    out.println(r.key() + ARROW + r.shard().target());
    TextTable table = new TextTable("FIELD", "VALUE");
    table.row("owner", r.shard().owner());
    table.row("epoch", r.shard().epoch());
    table.row("status", r.shard().status());
    table.row("replicas", list(r.shard().replicas()));
    table.row("endpoints", r.owner() == null ? "- (the owner is not registered)" : list(r.owner().endpoints()));
    table.print(out);
  }

  /** The shards that changed, then the revisions compared. */
  static void diff(PrintWriter out, RegistryViews.Diff diff) {
    if (!diff.changes().isEmpty()) {
      changes(out, diff.changes());
    }
    out.println(diff.changes().size() + " shard(s) changed owner or status after revision " + diff.fromRevision()
        + " up to " + diff.toRevision());
  }

  /** Per record a line {@code rev N  TIME  ACTOR  ACTION [reason ...] [ticket ...]}, then its changes indented. */
  static void audit(PrintWriter out, RegistryViews.AuditList list) {
    for (RegistryViews.Audit a : list.records()) {
      StringBuilder line = new StringBuilder("rev ").append(a.revision()).append("  ")
          .append(Instant.ofEpochMilli(a.applyTimeUnixMs())).append("  ").append(a.actor()).append("  ")
          .append(a.action());
      if (!a.reason().isEmpty()) {
        line.append("  reason: ").append(a.reason());
      }
      if (!a.changeTicket().isEmpty()) {
        line.append("  ticket: ").append(a.changeTicket());
      }
      out.println(line);
      a.changes().forEach(c -> out.println("  " + c.target() + "  " + change(c)));
    }
  }

  /** {@code [rev N] PUT TARGET f v, ...}, {@code [rev N] DELETE TARGET}, {@code [rev N] PROGRESS}. */
  static void watchLine(PrintWriter out, RegistryViews.WatchLine line) {
    StringBuilder text = new StringBuilder("[rev ").append(line.revision()).append("] ").append(line.type());
    if (line.object() != null) {
      text.append(' ').append(line.target());
      if (line.type().equals("PUT")) {
        text.append(' ').append(describe(line.object().content()));
      }
    }
    out.println(text);
  }
}
