package io.meshkit.client;

import io.meshkit.proto.v1.ListPeersRequest;
import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.MembershipGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The gossip view ({@code meshkit.v1.Membership}): which members are alive, suspect, dead or left,
 * their round trips and metadata. Obtained from {@link MeshkitClient#membership()}; shares its
 * endpoints, retries and call timeout, and is closed with it. Thread-safe.
 *
 * <p>Every answer is the view of one member — whichever answered, named in the response — not a
 * cluster-wide truth: two members may disagree for a few protocol periods. To ask a particular
 * member, give the client that member's endpoint only. A member without gossip refuses with
 * {@code FAILED_PRECONDITION} and a hint naming the setting.
 */
public final class MembershipClient {
  private final RetryingCaller caller;
  private final EndpointPool pool;
  private final Duration callTimeout;
  private final Consumer<PeerWatch> watches;

  MembershipClient(RetryingCaller caller, EndpointPool pool, Duration callTimeout, Consumer<PeerWatch> watches) {
    this.caller = caller;
    this.pool = pool;
    this.callTimeout = callTimeout;
    this.watches = watches;
  }

  /** The answering member's view, itself first; retried like any read, possibly on another member. */
  public CompletableFuture<ListPeersResponse> listPeersAsync() {
    return caller.call((ch, d, r) -> MembershipGrpc.newFutureStub(ch).withDeadline(d).listPeers(r),
        ListPeersRequest.getDefaultInstance(), Idempotence.SAFE, callTimeout);
  }

  public ListPeersResponse listPeers() {
    return MeshkitClient.await(listPeersAsync());
  }

  /**
   * Streams one member's view to {@code listener}: first every peer it knows (itself first), then
   * each change, until closed or the member fails; see {@link PeerWatch}.
   */
  public PeerWatch watchPeers(PeerListener listener) {
    PeerWatch watch = new PeerWatch(pool, listener);
    watches.accept(watch);
    watch.connect();
    return watch;
  }
}
