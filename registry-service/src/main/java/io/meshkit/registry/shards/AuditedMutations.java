package io.meshkit.registry.shards;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.raft.RaftNode;
import java.util.concurrent.CompletableFuture;

/**
 * How an audited mutation (the registry's, federation's) is applied or previewed: {@code request} is a
 * command whose request message still carries its {@code fence} and {@code dry_run} fields. The fence
 * moves to the envelope, where the state machine checks it before applying; the flag (or
 * {@code forceDryRun}) picks preview over apply. The answer is the entry's audit record.
 */
public final class AuditedMutations {
  private AuditedMutations() {}

  public static CompletableFuture<MutationResponse> mutate(RaftNode node, Command request, boolean forceDryRun) {
    FieldDescriptor field = request.getOneofFieldDescriptor(Command.getDescriptor().getOneofs().get(0));
    Message inner = (Message) request.getField(field);
    FieldDescriptor fenceField = inner.getDescriptorForType().findFieldByName("fence");
    FieldDescriptor dryRunField = inner.getDescriptorForType().findFieldByName("dry_run");
    if (fenceField == null || dryRunField == null) {
      throw new IllegalArgumentException("not an audited mutation (no fence and dry_run): " + request.getCmdCase());
    }
    Fence fence = (Fence) inner.getField(fenceField);
    boolean dryRun = forceDryRun || (Boolean) inner.getField(dryRunField);
    Command.Builder command = request.toBuilder()
        .setField(field, inner.toBuilder().clearField(fenceField).clearField(dryRunField).build());
    if (!fence.getScope().isEmpty() || fence.getToken() != 0) {
      command.setFence(fence);
    }
    if (dryRun) {
      return node.preview(command.build()).thenApply(result -> MutationResponse.newBuilder()
          .setHeader(node.currentHeader()).setAudit(result.getRegistryAudit().toBuilder().setRevision(0))
          .setDryRun(true).build());
    }
    return node.execute(command.build()).thenApply(result -> MutationResponse.newBuilder()
        .setHeader(node.header(result.getRevision())).setAudit(result.getRegistryAudit()).build());
  }
}
