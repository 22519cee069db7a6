package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.meshkit.proto.v1.ConfigKind;
import io.meshkit.proto.v1.GetPolicyRequest;
import io.meshkit.proto.v1.GetPolicyResponse;
import io.meshkit.proto.v1.PolicyGrpc;
import io.meshkit.proto.v1.SetPolicyRequest;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.proto.v1.ValidateConfigRequest;
import io.meshkit.proto.v1.ValidateConfigResponse;
import java.time.Duration;

/**
 * The transport policy ({@code meshkit.v1.Policy}): read it, replace it, check a configuration
 * against it. Obtained from {@link MeshkitClient#policy()}. Every call is retried on any retriable
 * failure (setting the same policy twice is the same as once).
 */
public final class PolicyClient {
  private final RetryingCaller caller;
  private final Duration callTimeout;

  PolicyClient(RetryingCaller caller, Duration callTimeout) {
    this.caller = caller;
    this.callTimeout = callTimeout;
  }

  public GetPolicyResponse get() {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).getPolicy(r),
        GetPolicyRequest.getDefaultInstance(), Idempotence.SAFE, callTimeout));
  }

  public GetPolicyResponse set(TransportPolicy policy) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).setPolicy(r),
        SetPolicyRequest.newBuilder().setPolicy(policy).build(), Idempotence.SAFE, callTimeout));
  }

  /** The violations of the current policy by a member's or relay's configuration ({@code yaml}). */
  public ValidateConfigResponse validate(ConfigKind kind, String yaml) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).validateConfig(r),
        ValidateConfigRequest.newBuilder().setKind(kind).setYaml(yaml).build(), Idempotence.SAFE, callTimeout));
  }

  private static PolicyGrpc.PolicyFutureStub stub(Channel channel, Deadline deadline) {
    return PolicyGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
