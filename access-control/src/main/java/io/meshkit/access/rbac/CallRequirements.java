package io.meshkit.access.rbac;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.DeleteNamespaceRequest;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.LeaderRequest;
import io.meshkit.proto.v1.ObserveRequest;
import io.meshkit.proto.v1.ProclaimRequest;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.ResignRequest;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.UpdateClusterRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.proto.v1.WatchRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What each client gRPC method needs, computed from its request message: the single table the
 * authorization interceptor and its tests use. A method missing from the table is refused while auth
 * is enabled (fail closed); {@code CallRequirementsTest} checks that every method of every client
 * service has an entry.
 *
 * <p>Resources: KV keys and ranges (every key, range, compare and watch of a request), election
 * scopes, namespaces for registry and rebalance calls (node, audit and cluster-wide listing calls
 * need the whole registry), cluster ids for federation. Campaigning, proclaiming or resigning on a
 * reserved scope ({@code meshkit/...}, the rebalancer's and the federation office's) also needs the
 * {@code member} API, which only members and admins have.
 */
public final class CallRequirements {
  /** Scopes the members' own offices campaign on. */
  public static final String RESERVED_SCOPE_PREFIX = "meshkit/";
  private static final Map<String, Function<Message, List<Requirement>>> RULES = new HashMap<>();

  static {
    // KV and watch.
    rule("meshkit.v1.KV/Range", m -> List.of(range(Access.READ, (RangeRequest) m)));
    rule("meshkit.v1.KV/Put", m -> List.of(key(Access.WRITE, ((PutRequest) m).getKey().toByteArray(), null)));
    rule("meshkit.v1.KV/DeleteRange", m -> {
      DeleteRangeRequest d = (DeleteRangeRequest) m;
      return List.of(key(Access.WRITE, d.getKey().toByteArray(), d.getRangeEnd().toByteArray()));
    });
    rule("meshkit.v1.KV/Txn", m -> txn((TxnRequest) m));
    rule("meshkit.v1.KV/Compact", m -> List.of(Requirement.of(Apis.KV, Access.WRITE, "")));
    rule("meshkit.v1.Watch/Watch", m -> {
      WatchRequest w = (WatchRequest) m;
      return w.hasCreateRequest() ? List.of(key(Access.READ, w.getCreateRequest().getKey().toByteArray(),
          w.getCreateRequest().getRangeEnd().toByteArray())) : List.of();
    });
    // Leases: not named resources.
    for (String write : List.of("Grant", "Revoke", "KeepAlive")) {
      rule("meshkit.v1.Lease/" + write, m -> List.of(Requirement.of(Apis.LEASE, Access.WRITE, "")));
    }
    for (String read : List.of("TimeToLive", "List")) {
      rule("meshkit.v1.Lease/" + read, m -> List.of(Requirement.of(Apis.LEASE, Access.READ, "")));
    }
    // Elections, by scope.
    rule("meshkit.v1.Election/Campaign", m -> scopeWrite(((CampaignRequest) m).getScope()));
    rule("meshkit.v1.Election/Proclaim", m -> scopeWrite(((ProclaimRequest) m).getKey().getScope()));
    rule("meshkit.v1.Election/Resign", m -> scopeWrite(((ResignRequest) m).getKey().getScope()));
    rule("meshkit.v1.Election/Leader", m -> List.of(Requirement.of(Apis.ELECTION, Access.READ,
        ((LeaderRequest) m).getScope())));
    rule("meshkit.v1.Election/Observe", m -> List.of(Requirement.of(Apis.ELECTION, Access.READ,
        ((ObserveRequest) m).getScope())));
    rule("meshkit.v1.Election/ListScopes", m -> List.of(Requirement.of(Apis.ELECTION, Access.READ, "")));
    // Registry: namespaces and their shards by namespace; nodes, audit and diffs of everything cluster-wide.
    rule("meshkit.v1.Registry/CreateNamespace", m -> registry(Access.WRITE,
        ((CreateNamespaceRequest) m).getNamespace().getName()));
    rule("meshkit.v1.Registry/UpdateNamespace", m -> registry(Access.WRITE,
        ((UpdateNamespaceRequest) m).getNamespace().getName()));
    rule("meshkit.v1.Registry/DeleteNamespace", m -> registry(Access.WRITE, ((DeleteNamespaceRequest) m).getName()));
    rule("meshkit.v1.Registry/GetNamespace", m -> registry(Access.READ, ((GetNamespaceRequest) m).getName()));
    for (String write : List.of("CreateShards", "AssignShard", "TransferShard", "SetShardStatus")) {
      rule("meshkit.v1.Registry/" + write, m -> registry(Access.WRITE, namespaceField(m)));
    }
    for (String read : List.of("ListShards", "GetShard", "ResolveKey", "Snapshot", "Diff", "Watch")) {
      rule("meshkit.v1.Registry/" + read, m -> registry(Access.READ, namespaceField(m)));
    }
    for (String write : List.of("RegisterNode", "UpdateNode", "SetNodeState")) {
      rule("meshkit.v1.Registry/" + write, m -> registry(Access.WRITE, ""));
    }
    for (String read : List.of("ListNamespaces", "GetNode", "ListNodes", "ListAudit")) {
      rule("meshkit.v1.Registry/" + read, m -> registry(Access.READ, ""));
    }
    // Rebalance plans, by namespace.
    for (String write : List.of("Plan", "Approve", "Cancel", "Rollback")) {
      rule("meshkit.v1.Rebalance/" + write, m -> List.of(Requirement.of(Apis.REBALANCE, Access.WRITE,
          namespaceField(m))));
    }
    for (String read : List.of("List", "Get", "Watch")) {
      rule("meshkit.v1.Rebalance/" + read, m -> List.of(Requirement.of(Apis.REBALANCE, Access.READ,
          namespaceField(m))));
    }
    // Federation: descriptors by cluster id; failover and fencing separately.
    rule("meshkit.v1.Federation/RegisterCluster", m -> List.of(Requirement.of(Apis.FEDERATION, Access.WRITE,
        ((RegisterClusterRequest) m).getCluster().getId())));
    rule("meshkit.v1.Federation/UpdateCluster", m -> List.of(Requirement.of(Apis.FEDERATION, Access.WRITE,
        ((UpdateClusterRequest) m).getCluster().getId())));
    rule("meshkit.v1.Federation/GetCluster", m -> List.of(Requirement.of(Apis.FEDERATION, Access.READ,
        ((GetClusterRequest) m).getId())));
    rule("meshkit.v1.Federation/ListClusters", m -> List.of(Requirement.of(Apis.FEDERATION, Access.READ, "")));
    rule("meshkit.v1.Federation/Failover", m -> List.of(Requirement.of(Apis.FAILOVER, Access.WRITE, "")));
    rule("meshkit.v1.Federation/FenceCluster", m -> List.of(Requirement.of(Apis.FAILOVER, Access.WRITE, "")));
    // Cluster and membership views.
    rule("meshkit.v1.Cluster/MemberStatus", m -> List.of(Requirement.of(Apis.CLUSTER, Access.READ, "")));
    rule("meshkit.v1.Cluster/Health", m -> List.of());
    rule("meshkit.v1.Cluster/ListMembers", m -> List.of(Requirement.of(Apis.CLUSTER, Access.READ, "")));
    for (String change : List.of("AddMember", "PromoteMember", "RemoveMember", "TransferLeadership")) {
      rule("meshkit.v1.Cluster/" + change, m -> List.of(Requirement.of(Apis.CLUSTER, Access.WRITE, "")));
    }
    rule("meshkit.v1.Membership/ListPeers", m -> List.of(Requirement.of(Apis.MEMBERSHIP, Access.READ, "")));
    rule("meshkit.v1.Membership/WatchPeers", m -> List.of(Requirement.of(Apis.MEMBERSHIP, Access.READ, "")));
    // Backup and consistency checks: a snapshot is the whole store, access control's secrets included.
    for (String read : List.of("Snapshot", "HashState")) {
      rule("meshkit.v1.Maintenance/" + read, m -> List.of(Requirement.of(Apis.MAINTENANCE, Access.READ, "")));
    }
    rule("meshkit.v1.Maintenance/MarkHash", m -> List.of(Requirement.of(Apis.MAINTENANCE, Access.WRITE, "")));
    // Access control itself, and join tokens.
    rule("meshkit.v1.Auth/WhoAmI", m -> List.of());
    for (String read : List.of("Status", "ListDenials")) {
      rule("meshkit.v1.Auth/" + read, m -> List.of(Requirement.of(Apis.AUTH, Access.READ, "")));
    }
    for (String write : List.of("Enable", "Disable", "PutRole", "DeleteRole", "PutUser", "DeleteUser", "CreateToken",
        "RevokeToken")) {
      rule("meshkit.v1.Auth/" + write, m -> List.of(Requirement.of(Apis.AUTH, Access.WRITE, "")));
    }
    for (String write : List.of("IssueJoinToken", "RevokeJoinToken")) {
      rule("meshkit.v1.Bootstrap/" + write, m -> List.of(Requirement.of(Apis.BOOTSTRAP, Access.WRITE, "")));
    }
    rule("meshkit.v1.Bootstrap/ListJoinTokens", m -> List.of(Requirement.of(Apis.BOOTSTRAP, Access.READ, "")));
    // The transport policy: reading it (relays follow it) and checking a config against it is reading the
    // cluster's settings; changing it is access control.
    for (String read : List.of("GetPolicy", "ValidateConfig")) {
      rule("meshkit.v1.Policy/" + read, m -> List.of(Requirement.of(Apis.CLUSTER, Access.READ, "")));
    }
    rule("meshkit.v1.Policy/SetPolicy", m -> List.of(Requirement.of(Apis.AUTH, Access.WRITE, "")));
    // Member to member.
    for (String internal : List.of("Follows", "ReadIndex")) {
      rule("meshkit.internal.v1.MemberReads/" + internal, m -> List.of(Requirement.of(Apis.MEMBER, Access.WRITE, "")));
    }
  }

  private CallRequirements() {}

  /** What a call of {@code fullMethodName} with {@code request} needs; empty when the method has no rule. */
  public static Optional<List<Requirement>> of(String fullMethodName, Message request) {
    Function<Message, List<Requirement>> rule = RULES.get(fullMethodName);
    return rule == null ? Optional.empty() : Optional.of(rule.apply(request));
  }

  /** Whether {@code fullMethodName} has a rule. */
  public static boolean covers(String fullMethodName) {
    return RULES.containsKey(fullMethodName);
  }

  private static void rule(String method, Function<Message, List<Requirement>> rule) {
    if (RULES.put(method, rule) != null) {
      throw new IllegalStateException("two rules for " + method);
    }
  }

  private static Requirement range(Access access, RangeRequest r) {
    return key(access, r.getKey().toByteArray(), r.getRangeEnd().toByteArray());
  }

  private static Requirement key(Access access, byte[] key, byte[] rangeEnd) {
    return Requirement.keys(Apis.KV, access, key, rangeEnd);
  }

  private static List<Requirement> txn(TxnRequest txn) {
    List<Requirement> needed = new ArrayList<>();
    for (Compare c : txn.getCompareList()) {
      needed.add(key(Access.READ, c.getKey().toByteArray(), null));
    }
    for (List<RequestOp> branch : List.of(txn.getSuccessList(), txn.getFailureList())) {
      for (RequestOp op : branch) {
        switch (op.getRequestCase()) {
          case REQUEST_RANGE -> needed.add(range(Access.READ, op.getRequestRange()));
          case REQUEST_PUT -> needed.add(key(Access.WRITE, op.getRequestPut().getKey().toByteArray(), null));
          case REQUEST_DELETE_RANGE -> needed.add(key(Access.WRITE, op.getRequestDeleteRange().getKey().toByteArray(),
              op.getRequestDeleteRange().getRangeEnd().toByteArray()));
          default -> { }
        }
      }
    }
    return needed;
  }

  private static List<Requirement> scopeWrite(String scope) {
    Requirement write = Requirement.of(Apis.ELECTION, Access.WRITE, scope);
    return scope.startsWith(RESERVED_SCOPE_PREFIX)
        ? List.of(write, Requirement.of(Apis.MEMBER, Access.WRITE, "")) : List.of(write);
  }

  private static List<Requirement> registry(Access access, String namespace) {
    return List.of(Requirement.of(Apis.REGISTRY, access, namespace));
  }

  /** The request's {@code namespace} string field ({@code ""} = every namespace). */
  private static String namespaceField(Message m) {
    FieldDescriptor field = m.getDescriptorForType().findFieldByName("namespace");
    if (field == null || field.getType() != FieldDescriptor.Type.STRING) {
      throw new IllegalStateException(m.getDescriptorForType().getFullName() + " has no namespace field");
    }
    return (String) m.getField(field);
  }
}
