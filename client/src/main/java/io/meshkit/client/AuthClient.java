package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.meshkit.proto.v1.AuthDisableRequest;
import io.meshkit.proto.v1.AuthEnableRequest;
import io.meshkit.proto.v1.AuthGrpc;
import io.meshkit.proto.v1.AuthMutationResponse;
import io.meshkit.proto.v1.AuthStatusRequest;
import io.meshkit.proto.v1.AuthStatusResponse;
import io.meshkit.proto.v1.CreateTokenRequest;
import io.meshkit.proto.v1.CreateTokenResponse;
import io.meshkit.proto.v1.DeleteRoleRequest;
import io.meshkit.proto.v1.DeleteUserRequest;
import io.meshkit.proto.v1.ListDenialsRequest;
import io.meshkit.proto.v1.ListDenialsResponse;
import io.meshkit.proto.v1.PutRoleRequest;
import io.meshkit.proto.v1.PutUserRequest;
import io.meshkit.proto.v1.RevokeTokenRequest;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import io.meshkit.proto.v1.WhoAmIRequest;
import io.meshkit.proto.v1.WhoAmIResponse;
import java.time.Duration;

/**
 * Access control ({@code meshkit.v1.Auth}): enforcement on/off, roles, users, bearer tokens, who-am-I
 * and the latest refusals. Obtained from {@link MeshkitClient#auth()}. Reads and replacing puts are
 * retried on any retriable failure (putting the same role or user twice is the same as once);
 * enabling, deletions and new tokens only when they certainly were not applied.
 */
public final class AuthClient {
  private final RetryingCaller caller;
  private final Duration callTimeout;

  AuthClient(RetryingCaller caller, Duration callTimeout) {
    this.caller = caller;
    this.callTimeout = callTimeout;
  }

  public AuthStatusResponse enable() {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).enable(r), AuthEnableRequest.getDefaultInstance(),
        Idempotence.UNSAFE, callTimeout));
  }

  public AuthStatusResponse disable() {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).disable(r),
        AuthDisableRequest.getDefaultInstance(), Idempotence.UNSAFE, callTimeout));
  }

  public AuthStatusResponse status() {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).status(r), AuthStatusRequest.getDefaultInstance(),
        Idempotence.SAFE, callTimeout));
  }

  public WhoAmIResponse whoAmI() {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).whoAmI(r), WhoAmIRequest.getDefaultInstance(),
        Idempotence.SAFE, callTimeout));
  }

  public AuthMutationResponse putRole(Role role) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).putRole(r),
        PutRoleRequest.newBuilder().setRole(role).build(), Idempotence.SAFE, callTimeout));
  }

  public AuthMutationResponse deleteRole(String name) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).deleteRole(r),
        DeleteRoleRequest.newBuilder().setName(name).build(), Idempotence.UNSAFE, callTimeout));
  }

  public AuthMutationResponse putUser(User user) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).putUser(r),
        PutUserRequest.newBuilder().setUser(user).build(), Idempotence.SAFE, callTimeout));
  }

  public AuthMutationResponse deleteUser(String name) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).deleteUser(r),
        DeleteUserRequest.newBuilder().setName(name).build(), Idempotence.UNSAFE, callTimeout));
  }

  /** A new bearer token; its secret ({@code mktok...}) is in this answer only. */
  public CreateTokenResponse createToken(CreateTokenRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).createToken(r), request, Idempotence.UNSAFE,
        callTimeout));
  }

  public AuthMutationResponse revokeToken(String id) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).revokeToken(r),
        RevokeTokenRequest.newBuilder().setId(id).build(), Idempotence.UNSAFE, callTimeout));
  }

  /** The latest refusals of the member that answers (each member keeps its own). */
  public ListDenialsResponse listDenials(int limit) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).listDenials(r),
        ListDenialsRequest.newBuilder().setLimit(limit).build(), Idempotence.SAFE, callTimeout));
  }

  private static AuthGrpc.AuthFutureStub stub(Channel channel, Deadline deadline) {
    return AuthGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
