package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.meshkit.proto.v1.BootstrapGrpc;
import io.meshkit.proto.v1.IssueJoinTokenRequest;
import io.meshkit.proto.v1.IssueJoinTokenResponse;
import io.meshkit.proto.v1.ListJoinTokensRequest;
import io.meshkit.proto.v1.ListJoinTokensResponse;
import io.meshkit.proto.v1.RevokeJoinTokenRequest;
import io.meshkit.proto.v1.RevokeJoinTokenResponse;
import java.time.Duration;

/**
 * Join tokens ({@code meshkit.v1.Bootstrap}): issue, list, revoke — administrators' calls on the client
 * port. Obtained from {@link MeshkitClient#bootstrap()}. Issue is not retried once sent (a lost answer
 * would lose the only copy of the secret); list is. The join itself is {@link JoinClient}'s.
 */
public final class BootstrapClient {
  private final RetryingCaller caller;
  private final Duration callTimeout;

  BootstrapClient(RetryingCaller caller, Duration callTimeout) {
    this.caller = caller;
    this.callTimeout = callTimeout;
  }

  public IssueJoinTokenResponse issueJoinToken(IssueJoinTokenRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).issueJoinToken(r), request, Idempotence.UNSAFE,
        callTimeout));
  }

  public ListJoinTokensResponse listJoinTokens(ListJoinTokensRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).listJoinTokens(r), request, Idempotence.SAFE,
        callTimeout));
  }

  /** Revoking twice is harmless, so a lost answer is retried. */
  public RevokeJoinTokenResponse revokeJoinToken(RevokeJoinTokenRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).revokeJoinToken(r), request, Idempotence.SAFE,
        callTimeout));
  }

  private static BootstrapGrpc.BootstrapFutureStub stub(Channel channel, Deadline deadline) {
    return BootstrapGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
