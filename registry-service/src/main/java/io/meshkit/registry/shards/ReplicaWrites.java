package io.meshkit.registry.shards;

import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A standby's copy of another cluster's registry records (federation replication): namespaces, their
 * shards and nodes, written as the source had them and marked {@code replicated_from}. Marked records
 * are read-only to this cluster's own registry mutations ({@link #requireLocal}); a record of the
 * same name that is this cluster's own is never overwritten (the batch fails, naming it). Apply
 * thread only; one audit record ({@code federation.replicate}) per batch.
 */
final class ReplicaWrites {
  private final ApplyContext context;
  private final String source;
  private final RegistryChanges changes;

  private ReplicaWrites(ApplyContext context, String source) {
    this.context = context;
    this.source = source;
    this.changes = new RegistryChanges(context, "federation.replicate", ChangeInfo.newBuilder()
        .setActor("replication from " + source).build());
  }

  /** Refuses a change of {@code what} when it is replicated from another cluster. */
  static void requireLocal(String what, String replicatedFrom) {
    if (!replicatedFrom.isEmpty()) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, what + " is replicated from cluster " + replicatedFrom
          + " and read-only here; change it on " + replicatedFrom + ", or here after a failover (docs/federation.md)");
    }
  }

  /**
   * Applies {@code events} from {@code source} in order. With {@code resync} they are the source's whole
   * exported registry: records replicated from it that are not among them are deleted first.
   */
  static AuditRecord apply(ApplyContext context, String source, List<RegistryEvent> events, boolean resync) {
    ReplicaWrites w = new ReplicaWrites(context, source);
    if (resync) {
      w.dropMissing(events);
    }
    for (RegistryEvent e : events) {
      w.apply(e);
    }
    return w.changes.finish();
  }

  private void apply(RegistryEvent e) {
    RegistryObject o = e.getObject();
    boolean delete = e.getType() == RegistryEvent.Type.DELETE;
    switch (o.getObjectCase()) {
      case NAMESPACE -> {
        Optional<Namespace> here = RegistryState.namespace(context, o.getNamespace().getName());
        if (delete || !o.getNamespace().getPolicy().getFederationExport()) {
          here.filter(this::ours).ifPresent(this::deleteNamespace);  // deleted, or no longer exported
        } else {
          here.ifPresent(ns -> requireOurs("namespace " + ns.getName(), ns.getReplicatedFrom()));
          changes.put(here, o.getNamespace().toBuilder().setReplicatedFrom(source).build());
        }
      }
      case SHARD -> {
        Shard s = o.getShard();
        if (RegistryState.namespace(context, s.getNamespace()).filter(this::ours).isEmpty()) {
          return;  // a namespace not exported (or not yet here): nothing to keep
        }
        Optional<Shard> here = RegistryState.shard(context, s.getNamespace(), s.getShardId());
        if (delete) {
          here.ifPresent(changes::delete);
        } else {
          changes.put(here, s);
        }
      }
      case NODE -> {
        Optional<Node> here = RegistryState.node(context, o.getNode().getId());
        if (delete) {
          here.filter(n -> n.getReplicatedFrom().equals(source)).ifPresent(changes::delete);
        } else {
          here.ifPresent(n -> requireOurs("node " + n.getId(), n.getReplicatedFrom()));
          changes.put(here, o.getNode().toBuilder().setReplicatedFrom(source).build());
        }
      }
      default -> { }  // cluster descriptors are each cluster's own
    }
  }

  /**
   * A failover's registry change, as one audited write: namespaces (only exported ones when
   * {@code exportedOnly}) and nodes marked {@code fromMark} are marked {@code toMark} ("" = this
   * cluster's own), and {@code descriptors} are stored.
   */
  static AuditRecord rehome(ApplyContext context, String action, ChangeInfo change, String fromMark, String toMark,
      boolean exportedOnly, List<ClusterDescriptor> descriptors) {
    RegistryChanges changes = new RegistryChanges(context, action, change);
    for (Namespace ns : RegistryState.namespaces(context)) {
      if (ns.getReplicatedFrom().equals(fromMark) && (!exportedOnly || ns.getPolicy().getFederationExport())) {
        changes.put(Optional.of(ns), ns.toBuilder().setReplicatedFrom(toMark).setModRevision(context.revision())
            .setVersion(ns.getVersion() + 1).build());
      }
    }
    for (Node node : RegistryState.nodes(context)) {
      if (node.getReplicatedFrom().equals(fromMark)) {
        changes.put(Optional.of(node), node.toBuilder().setReplicatedFrom(toMark).setModRevision(context.revision())
            .setVersion(node.getVersion() + 1).build());
      }
    }
    for (ClusterDescriptor d : descriptors) {
      Optional<ClusterDescriptor> before = RegistryState.cluster(context, d.getId());
      changes.put(before, d.toBuilder().setModRevision(context.revision())
          .setVersion(before.map(ClusterDescriptor::getVersion).orElse(0L) + 1)
          .setCreateRevision(before.map(ClusterDescriptor::getCreateRevision).orElse(context.revision())).build());
    }
    return changes.finish();
  }

  /** Resync: replicated records of the source that its snapshot no longer has. */
  private void dropMissing(List<RegistryEvent> snapshot) {
    Set<String> namespaces = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    for (RegistryEvent e : snapshot) {
      if (e.getObject().hasNamespace() && e.getObject().getNamespace().getPolicy().getFederationExport()) {
        namespaces.add(e.getObject().getNamespace().getName());
      } else if (e.getObject().hasNode()) {
        nodes.add(e.getObject().getNode().getId());
      }
    }
    RegistryState.namespaces(context).stream().filter(this::ours).filter(ns -> !namespaces.contains(ns.getName()))
        .forEach(this::deleteNamespace);
    RegistryState.nodes(context).stream().filter(n -> n.getReplicatedFrom().equals(source))
        .filter(n -> !nodes.contains(n.getId())).forEach(changes::delete);
  }

  private void deleteNamespace(Namespace ns) {
    RegistryState.shards(context, ns.getName()).forEach(changes::delete);
    changes.delete(ns);
  }

  private boolean ours(Namespace ns) {
    return ns.getReplicatedFrom().equals(source);
  }

  /** A record that exists here must be the source's copy, not this cluster's own (or another source's). */
  private void requireOurs(String what, String replicatedFrom) {
    if (!replicatedFrom.equals(source)) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, what + " exists here as "
          + (replicatedFrom.isEmpty() ? "this cluster's own" : "a copy from " + replicatedFrom)
          + "; it cannot be replicated from " + source + " over it: rename or delete it here");
    }
  }
}
