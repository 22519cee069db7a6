package io.meshkit.server;

import io.grpc.stub.StreamObserver;
import io.meshkit.access.policy.TransportPolicyValidation;
import io.meshkit.access.policy.TransportPolicyView;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.GetPolicyRequest;
import io.meshkit.proto.v1.GetPolicyResponse;
import io.meshkit.proto.v1.PolicyGrpc;
import io.meshkit.proto.v1.PolicyViolation;
import io.meshkit.proto.v1.SetPolicyRequest;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.proto.v1.ValidateConfigRequest;
import io.meshkit.proto.v1.ValidateConfigResponse;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The Policy API. Reads answer the policy as of the leader's commit at the time of the call (a
 * linearizable barrier, then this member's view read again); a change is answered once this member's
 * view shows it. Validation parses with the member's own config loader, so a file it accepts is one
 * {@code bin/meshkit} would read the same way.
 */
final class PolicyService extends PolicyGrpc.PolicyImplBase {
  private final RaftNode node;
  private final TransportPolicyView view;
  private final MemberPolicyCompliance self;

  PolicyService(RaftNode node, TransportPolicyView view, MemberPolicyCompliance self) {
    this.node = node;
    this.view = view;
    this.self = self;
  }

  @Override
  public void getPolicy(GetPolicyRequest request, StreamObserver<GetPolicyResponse> out) {
    GrpcEdge.reply(visible(), this::answer, out);
  }

  @Override
  public void setPolicy(SetPolicyRequest request, StreamObserver<GetPolicyResponse> out) {
    GrpcEdge.reply(set(request.getPolicy()), this::answer, out);
  }

  @Override
  public void validateConfig(ValidateConfigRequest request, StreamObserver<ValidateConfigResponse> out) {
    GrpcEdge.reply(visible().thenApply(revision -> {
      TransportPolicy policy = view.policy();
      return ValidateConfigResponse.newBuilder().setHeader(node.header(revision)).setPolicy(policy)
          .addAllViolations(violations(policy, request)).build();
    }), x -> x, out);
  }

  private CompletableFuture<Long> set(TransportPolicy policy) {
    try {
      TransportPolicyValidation.check(policy);
    } catch (CommandRejectedException e) {
      return CompletableFuture.failedFuture(new MeshException(e.code(), e.getMessage(), e.hint()));
    }
    List<PolicyViolation> own = self.violationsOf(policy);
    if (!own.isEmpty()) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.FAILED_PRECONDITION, "member "
          + node.config().nodeId() + " would violate this policy: " + own.stream().map(v -> v.getSetting() + " ("
              + v.getProblem() + ")").collect(Collectors.joining("; ")),
          own.stream().map(PolicyViolation::getFix).collect(Collectors.joining("; "))
              + "; then set the policy again (other members report their own violations: GET /control/policy)"));
    }
    return node.execute(Command.newBuilder().setSetTransportPolicy(SetPolicyRequest.newBuilder().setPolicy(policy))
        .build()).thenCompose(result -> visible());
  }

  private static List<PolicyViolation> violations(TransportPolicy policy, ValidateConfigRequest request) {
    try {
      return switch (request.getKind()) {
        case MEMBER -> TransportPolicyCheck.member(policy, ConfigLoader.parse(request.getYaml(), ServerConfig.class));
        case RELAY -> TransportPolicyCheck.relay(policy, ConfigLoader.parse(request.getYaml(), RelayConfig.class));
        default -> throw new MeshException(ErrorCode.INVALID_ARGUMENT, "no config kind given",
            "say whether the file is a member's or a relay's config (meshctl config validate --kind member|relay)");
      };
    } catch (ConfigException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), "fix the file, then validate it again");
    }
  }

  private GetPolicyResponse answer(long revision) {
    TransportPolicy policy = view.policy();
    return GetPolicyResponse.newBuilder().setHeader(node.header(revision)).setPolicy(policy)
        .addAllMemberViolations(self.violationsOf(policy)).build();
  }

  /** Completes once this member has applied up to the leader's commit and its view reflects it. */
  private CompletableFuture<Long> visible() {
    return node.linearizableBarrier().thenApply(index -> {
      view.reload();
      return node.currentHeader().getRevision();
    });
  }
}
