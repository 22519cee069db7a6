package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.meshkit.proto.v1.AddMemberRequest;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.ListMembersRequest;
import io.meshkit.proto.v1.ListMembersResponse;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.PromoteMemberRequest;
import io.meshkit.proto.v1.RemoveMemberRequest;
import io.meshkit.proto.v1.TransferLeadershipRequest;
import io.meshkit.proto.v1.TransferLeadershipResponse;
import java.time.Duration;

/**
 * The Raft configuration ({@code meshkit.v1.Cluster} membership calls): list the voters and listeners
 * with the leader's view of their progress, add a listener, promote it, remove a member, hand over
 * leadership. Obtained from {@link MeshkitClient#members()}. Listing is retried on any retriable
 * failure; changes only when they certainly were not made. A change may wait for a new member to
 * catch up, so changes get at least {@link #CHANGE_TIMEOUT}.
 */
public final class MembersClient {
  /** The least time a membership change is given: adding a member waits until it has caught up. */
  public static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(2);

  private final RetryingCaller caller;
  private final Duration callTimeout;

  MembersClient(RetryingCaller caller, Duration callTimeout) {
    this.caller = caller;
    this.callTimeout = callTimeout;
  }

  public ListMembersResponse list() {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).listMembers(r),
        ListMembersRequest.getDefaultInstance(), Idempotence.SAFE, callTimeout));
  }

  /** Adds {@code member} (already running, started to join) as a non-voting listener. */
  public ListMembersResponse add(Member member) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).addMember(r),
        AddMemberRequest.newBuilder().setMember(member).build(), Idempotence.UNSAFE, changeTimeout()));
  }

  public ListMembersResponse promote(String id) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).promoteMember(r),
        PromoteMemberRequest.newBuilder().setId(id).build(), Idempotence.UNSAFE, changeTimeout()));
  }

  public ListMembersResponse remove(String id) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).removeMember(r),
        RemoveMemberRequest.newBuilder().setId(id).build(), Idempotence.UNSAFE, changeTimeout()));
  }

  /** Hands leadership to voter {@code to}; empty: the most caught-up other voter. */
  public TransferLeadershipResponse transferLeadership(String to) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).transferLeadership(r),
        TransferLeadershipRequest.newBuilder().setTo(to).build(), Idempotence.UNSAFE, changeTimeout()));
  }

  private Duration changeTimeout() {
    return callTimeout.compareTo(CHANGE_TIMEOUT) > 0 ? callTimeout : CHANGE_TIMEOUT;
  }

  private static ClusterGrpc.ClusterFutureStub stub(Channel channel, Deadline deadline) {
    return ClusterGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
