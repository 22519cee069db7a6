package io.meshkit.access.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.meshkit.proto.internal.v1.MemberReadsGrpc;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.AuthGrpc;
import io.meshkit.proto.v1.BootstrapGrpc;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.ElectionGrpc;
import io.meshkit.proto.v1.FederationGrpc;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.MaintenanceGrpc;
import io.meshkit.proto.v1.MarkHashRequest;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PolicyGrpc;
import io.meshkit.proto.v1.RebalanceGrpc;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.SnapshotRequest;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.WatchGrpc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallRequirementsTest {
  /** Served on the bootstrap port only, where the join token is the credential. */
  private static final String JOIN = "meshkit.v1.Bootstrap/Join";

  @Test
  void everyMethodOfEveryClientServiceHasARule() {
    List<String> missing = new ArrayList<>();
    int methods = 0;
    for (ServiceDescriptor service : List.of(KVGrpc.getServiceDescriptor(), WatchGrpc.getServiceDescriptor(),
        LeaseGrpc.getServiceDescriptor(), ElectionGrpc.getServiceDescriptor(), RegistryGrpc.getServiceDescriptor(),
        RebalanceGrpc.getServiceDescriptor(), FederationGrpc.getServiceDescriptor(), ClusterGrpc.getServiceDescriptor(),
        MembershipGrpc.getServiceDescriptor(), AuthGrpc.getServiceDescriptor(), BootstrapGrpc.getServiceDescriptor(),
        PolicyGrpc.getServiceDescriptor(), MemberReadsGrpc.getServiceDescriptor(),
        MaintenanceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        methods++;
        if (!CallRequirements.covers(method.getFullMethodName()) && !method.getFullMethodName().equals(JOIN)) {
          missing.add(method.getFullMethodName());
        }
      }
    }
    assertTrue(methods > 60, "scanned " + methods + " methods");
    assertEquals(List.of(), missing, "methods without an access rule (refused while auth is enabled)");
  }

  @Test
  void snapshotsAndStateHashesNeedTheMaintenanceApiThatOnlyAdminsAndMembersHold() {
    List<Requirement> snapshot = CallRequirements.of("meshkit.v1.Maintenance/Snapshot",
        SnapshotRequest.getDefaultInstance()).orElseThrow();
    assertEquals(List.of(Requirement.of(Apis.MAINTENANCE, Access.READ, "")), snapshot);
    assertEquals(List.of(Requirement.of(Apis.MAINTENANCE, Access.WRITE, "")), CallRequirements.of(
        "meshkit.v1.Maintenance/MarkHash", MarkHashRequest.getDefaultInstance()).orElseThrow());
    for (String name : List.of(BuiltinRoles.VIEWER, BuiltinRoles.OPERATOR, BuiltinRoles.RELAY)) {
      assertFalse(AccessState.grants(BuiltinRoles.get(name).orElseThrow(), snapshot.get(0)), name);
    }
    for (String name : List.of(BuiltinRoles.ADMIN, BuiltinRoles.MEMBER)) {
      assertTrue(AccessState.grants(BuiltinRoles.get(name).orElseThrow(), snapshot.get(0)), name);
    }
  }

  @Test
  void aTransactionNeedsEveryKeyItTouches() {
    TxnRequest txn = TxnRequest.newBuilder()
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("a"))))
        .addFailure(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("b"))))
        .build();
    List<Requirement> needed = CallRequirements.of("meshkit.v1.KV/Txn", txn).orElseThrow();
    assertEquals(List.of(Requirement.keys(Apis.KV, Access.WRITE, "a".getBytes(), null),
        Requirement.keys(Apis.KV, Access.WRITE, "b".getBytes(), null)), needed);
  }

  @Test
  void reservedScopesAlsoNeedTheMemberApi() {
    assertEquals(2, CallRequirements.of("meshkit.v1.Election/Campaign",
        CampaignRequest.newBuilder().setScope("meshkit/federation").build()).orElseThrow().size());
    assertEquals(1, CallRequirements.of("meshkit.v1.Election/Campaign",
        CampaignRequest.newBuilder().setScope("app/leader").build()).orElseThrow().size());
  }

  @Test
  void registryCallsAreJudgedByTheirNamespace() {
    assertEquals(List.of(Requirement.of(Apis.REGISTRY, Access.READ, "orders")), CallRequirements.of(
        "meshkit.v1.Registry/ListShards", ListShardsRequest.newBuilder().setNamespace("orders").build()).orElseThrow());
  }
}
