package io.meshkit.access.rbac;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.AuthSwitchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.PutTokenCommand;
import io.meshkit.proto.internal.v1.StoredAuthToken;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.AuthDisableRequest;
import io.meshkit.proto.v1.AuthEnableRequest;
import io.meshkit.proto.v1.AuthGrpc;
import io.meshkit.proto.v1.AuthMutationResponse;
import io.meshkit.proto.v1.AuthStatusRequest;
import io.meshkit.proto.v1.AuthStatusResponse;
import io.meshkit.proto.v1.AuthToken;
import io.meshkit.proto.v1.CreateTokenRequest;
import io.meshkit.proto.v1.CreateTokenResponse;
import io.meshkit.proto.v1.DeleteRoleRequest;
import io.meshkit.proto.v1.DeleteUserRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListDenialsRequest;
import io.meshkit.proto.v1.ListDenialsResponse;
import io.meshkit.proto.v1.PutRoleRequest;
import io.meshkit.proto.v1.PutUserRequest;
import io.meshkit.proto.v1.RevokeTokenRequest;
import io.meshkit.proto.v1.WhoAmIRequest;
import io.meshkit.proto.v1.WhoAmIResponse;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.Caller;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Auth API. Every change goes through Raft; before answering, the member waits until it has
 * applied the change and its {@link AccessView} shows it, so the caller's next call to this member
 * is judged by the new records.
 */
public final class AuthService extends AuthGrpc.AuthImplBase {
  static final long DEFAULT_TOKEN_TTL_MS = 24L * 3600 * 1000;
  static final int DEFAULT_DENIALS = 100;

  private final RaftNode node;
  private final Authorizer authorizer;
  /** Why enforcement cannot be enabled through this member, or empty when it can. */
  private final Optional<String> cannotEnable;

  /**
   * @param cannotEnable why auth cannot be enabled through this member (e.g. it does not verify
   *     client certificates, so members could not identify each other), or empty
   */
  public AuthService(RaftNode node, Authorizer authorizer, Optional<String> cannotEnable) {
    this.node = node;
    this.authorizer = authorizer;
    this.cannotEnable = cannotEnable;
  }

  @Override
  public void enable(AuthEnableRequest request, StreamObserver<AuthStatusResponse> out) {
    GrpcEdge.reply(enable(Caller.current()), x -> x, out);
  }

  CompletableFuture<AuthStatusResponse> enable(Caller caller) {
    if (cannotEnable.isPresent()) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.FAILED_PRECONDITION, cannotEnable.get(),
          "see docs/security.md, \"Access control\""));
    }
    if (!authorizer.view().state().allows(authorizer.rolesOf(caller),
        List.of(Requirement.of(Apis.AUTH, Access.WRITE, "")))) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.FAILED_PRECONDITION, caller.describe()
          + " would not be an admin once auth is enabled, so nobody might be able to manage access",
          "enable it as an admin: a certificate with O=admin, or a user with the admin role (meshctl auth user put "
              + caller.name() + " --role admin)"));
    }
    return change(Command.newBuilder().setAuthSwitch(AuthSwitchCommand.newBuilder().setEnabled(true)).build())
        .thenApply(revision -> status(revision));
  }

  @Override
  public void disable(AuthDisableRequest request, StreamObserver<AuthStatusResponse> out) {
    GrpcEdge.reply(change(Command.newBuilder().setAuthSwitch(AuthSwitchCommand.newBuilder().setEnabled(false))
        .build()).thenApply(this::status), x -> x, out);
  }

  @Override
  public void status(AuthStatusRequest request, StreamObserver<AuthStatusResponse> out) {
    GrpcEdge.reply(fresh().thenApply(this::status), x -> x, out);
  }

  @Override
  public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIResponse> out) {
    Caller caller = Caller.current();
    out.onNext(WhoAmIResponse.newBuilder().setHeader(node.currentHeader()).setName(caller.name())
        .setKind(caller.kind().name().toLowerCase(Locale.ROOT)).addAllGroups(caller.groups())
        .addAllRoles(authorizer.rolesOf(caller)).setAuthEnabled(authorizer.view().state().enabled()).build());
    out.onCompleted();
  }

  @Override
  public void putRole(PutRoleRequest request, StreamObserver<AuthMutationResponse> out) {
    mutation(Command.newBuilder().setPutRole(request).build(), out);
  }

  @Override
  public void deleteRole(DeleteRoleRequest request, StreamObserver<AuthMutationResponse> out) {
    mutation(Command.newBuilder().setDeleteRole(request).build(), out);
  }

  @Override
  public void putUser(PutUserRequest request, StreamObserver<AuthMutationResponse> out) {
    mutation(Command.newBuilder().setPutUser(request).build(), out);
  }

  @Override
  public void deleteUser(DeleteUserRequest request, StreamObserver<AuthMutationResponse> out) {
    mutation(Command.newBuilder().setDeleteUser(request).build(), out);
  }

  @Override
  public void revokeToken(RevokeTokenRequest request, StreamObserver<AuthMutationResponse> out) {
    mutation(Command.newBuilder().setRevokeToken(request).build(), out);
  }

  @Override
  public void createToken(CreateTokenRequest request, StreamObserver<CreateTokenResponse> out) {
    String id = BearerTokens.newId();
    String secret = BearerTokens.newSecret();
    long ttl = request.getTtlMs() == 0 ? DEFAULT_TOKEN_TTL_MS : request.getTtlMs();
    Command command = Command.newBuilder().setPutToken(PutTokenCommand.newBuilder()
        .setToken(AuthToken.newBuilder().setId(id).setUser(request.getUser()).setDescription(request.getDescription())
            .setCreatedBy(Caller.current().name()))
        .setSecretSha256(ByteString.copyFrom(BearerTokens.sha256(secret))).setTtlMs(ttl)).build();
    CompletableFuture<CreateTokenResponse> created = node.execute(command).thenCompose(result ->
        visible(result.getRevision()).thenApply(revision -> CreateTokenResponse.newBuilder()
            .setHeader(node.header(revision)).setToken(result.getAuthToken())
            .setSecret(BearerTokens.format(id, secret)).build()));
    GrpcEdge.reply(created, x -> x, out);
  }

  @Override
  public void listDenials(ListDenialsRequest request, StreamObserver<ListDenialsResponse> out) {
    int limit = request.getLimit() <= 0 ? DEFAULT_DENIALS : Math.min(request.getLimit(), Authorizer.KEPT_DENIALS);
    out.onNext(ListDenialsResponse.newBuilder().setHeader(node.currentHeader())
        .addAllDenials(authorizer.recentDenials(limit)).build());
    out.onCompleted();
  }

  private void mutation(Command command, StreamObserver<AuthMutationResponse> out) {
    GrpcEdge.reply(change(command), revision -> AuthMutationResponse.newBuilder().setHeader(node.header(revision))
        .build(), out);
  }

  /** Applies {@code command}; completes with its revision once this member's view shows it. */
  private CompletableFuture<Long> change(Command command) {
    return node.execute(command).thenCompose((CommandResult result) -> visible(result.getRevision()));
  }

  /** Completes once this member has applied up to the leader's commit and its view reflects it. */
  private CompletableFuture<Long> visible(long revision) {
    return node.linearizableBarrier().thenApply(ignored -> {
      authorizer.view().reload();
      return Math.max(revision, authorizer.view().state().revision());
    });
  }

  private CompletableFuture<Long> fresh() {
    return visible(0);
  }

  private AuthStatusResponse status(long revision) {
    AccessState state = authorizer.view().state();
    AuthStatusResponse.Builder b = AuthStatusResponse.newBuilder().setHeader(node.header(revision))
        .setEnabled(state.enabled()).addAllRoles(state.roles()).addAllUsers(state.users());
    for (StoredAuthToken t : state.tokens()) {
      b.addTokens(t.getToken());
    }
    return b.build();
  }
}
