package io.meshkit.federation.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.federation.AppliedStore;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.UpdateClusterRequest;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.ReadView;
import io.meshkit.registry.shards.RegistryAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster descriptors registered and updated on a real store, driven as the state machine drives it. */
class FederationCommandHandlerTest {
  private static final ChangeInfo OPS = ChangeInfo.newBuilder().setActor("ops").setReason("federate")
      .setChangeTicket("CHG-1").build();

  @TempDir
  Path dir;
  private AppliedStore store;

  @BeforeEach
  void open() {
    store = new AppliedStore(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CommandResult apply(Command command) throws CommandRejectedException {
    return store.apply(command);
  }

  private static Command register(String id, ClusterRole role) {
    return Command.newBuilder().setRegisterCluster(RegisterClusterRequest.newBuilder().setChange(OPS)
        .setCluster(ClusterDescriptor.newBuilder().setId(id).setRole(role).setRegion("r-" + id)
            .addGrpcEndpoints(id + ".example:7001"))).build();
  }

  private <T> T read(Function<ReadView, T> reader) {
    return store.read(reader);
  }

  private ClusterDescriptor cluster(String id) {
    return read(v -> RegistryAccess.cluster(v, id).orElseThrow());
  }

  @Test
  void aPrimaryStartsAboveEveryEpochAndOnlyOneIsActive() throws Exception {
    CommandResult eu = apply(register("eu", ClusterRole.CLUSTER_PRIMARY));
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, eu.getCode(), eu.getMessage());
    AuditRecord audit = eu.getRegistryAudit();
    assertEquals("cluster.register", audit.getAction());
    assertEquals("ops", audit.getActor());
    assertEquals("cluster/eu", audit.getChanges(0).getTarget());
    assertTrue(audit.getChanges(0).getAfter().hasCluster() && !audit.getChanges(0).hasBefore());
    ClusterDescriptor stored = cluster("eu");
    assertEquals(List.of(ClusterState.CLUSTER_ACTIVE, 1L, 1L, store.index()), List.of(stored.getState(), stored.getEpoch(),
        stored.getVersion(), stored.getCreateRevision()));

    CommandResult second = apply(register("us", ClusterRole.CLUSTER_PRIMARY));
    assertEquals(ErrorCode.FAILED_PRECONDITION, second.getCode());
    assertTrue(second.getMessage().contains("eu is already the primary"), second.getMessage());

    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, apply(register("us", ClusterRole.CLUSTER_STANDBY)).getCode());
    assertEquals(0, cluster("us").getEpoch(), "a standby has no epoch until it is promoted");
    CommandResult again = apply(register("us", ClusterRole.CLUSTER_OBSERVER));
    assertEquals(ErrorCode.ALREADY_EXISTS, again.getCode());
    assertTrue(again.getMessage().contains("standby, active"), again.getMessage());
    assertEquals(List.of("eu", "us"), read(v -> RegistryAccess.clusters(v).stream().map(ClusterDescriptor::getId)
        .toList()));
    assertEquals(2, read(v -> RegistryAccess.audit(v, ListAuditRequest.newBuilder().setTargetPrefix("cluster/")
        .build())).size(), "the refused ones left no audit record");
  }

  @Test
  void anUpdateChangesSettingsAtAVersionButNeverRoleStateOrEpoch() throws Exception {
    apply(register("eu", ClusterRole.CLUSTER_PRIMARY));
    ClusterDescriptor current = cluster("eu");
    ClusterDescriptor wanted = current.toBuilder().setPriority(5).clearGrpcEndpoints().addGrpcEndpoints("10.0.0.1:7001")
        .addRelayEndpoints("10.0.0.1:8080").putLabels("tier", "gold").build();
    CommandResult updated = apply(Command.newBuilder().setUpdateCluster(UpdateClusterRequest.newBuilder()
        .setCluster(wanted).setExpectedVersion(1).setChange(OPS)).build());
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, updated.getCode(), updated.getMessage());
    assertEquals(current, updated.getRegistryAudit().getChanges(0).getBefore().getCluster());
    ClusterDescriptor after = cluster("eu");
    assertEquals(List.of(5, 2L, List.of("10.0.0.1:8080")), List.of(after.getPriority(), after.getVersion(),
        after.getRelayEndpointsList()));

    CommandResult stale = apply(Command.newBuilder().setUpdateCluster(UpdateClusterRequest.newBuilder()
        .setCluster(wanted.toBuilder().setPriority(9)).setExpectedVersion(1)).build());
    assertEquals(ErrorCode.CONFLICT, stale.getCode());
    CommandResult role = apply(Command.newBuilder().setUpdateCluster(UpdateClusterRequest.newBuilder()
        .setCluster(after.toBuilder().setRole(ClusterRole.CLUSTER_STANDBY))).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, role.getCode());
    assertTrue(role.getMessage().contains("only through failover"), role.getMessage());
    CommandResult same = apply(Command.newBuilder().setUpdateCluster(UpdateClusterRequest.newBuilder()
        .setCluster(after)).build());
    assertEquals(0, same.getRegistryAudit().getChangesCount(), "asking for what is changes nothing");
    CommandResult missing = apply(Command.newBuilder().setUpdateCluster(UpdateClusterRequest.newBuilder()
        .setCluster(ClusterDescriptor.newBuilder().setId("ap"))).build());
    assertEquals(ErrorCode.NOT_FOUND, missing.getCode());
  }

  @Test
  void badDescriptorsAreRefusedBeforeTheyAreProposed() {
    for (ClusterDescriptor bad : List.of(
        ClusterDescriptor.newBuilder().setId("EU").setRole(ClusterRole.CLUSTER_PRIMARY).build(),
        ClusterDescriptor.newBuilder().setId("eu").build(),
        ClusterDescriptor.newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_STANDBY).addGrpcEndpoints("nohost")
            .build(),
        ClusterDescriptor.newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_STANDBY).setPriority(-1).build(),
        ClusterDescriptor.newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_STANDBY).addZones(" ").build())) {
      CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> store.validate(
          Command.newBuilder().setRegisterCluster(RegisterClusterRequest.newBuilder().setCluster(bad)).build()),
          bad::toString);
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    }
  }
}
