package io.meshkit.gossip;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListPeersRequest;
import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.PeerStatus;
import io.meshkit.proto.v1.WatchPeersRequest;
import java.util.Optional;

/**
 * gRPC {@code meshkit.v1.Membership}: this member's gossip view. On a member without gossip every
 * call fails with FAILED_PRECONDITION naming the setting to turn it on.
 */
public final class MembershipService extends MembershipGrpc.MembershipImplBase {
  private final String memberId;
  private final Optional<GossipNode> gossip;

  public MembershipService(String memberId, Optional<GossipNode> gossip) {
    this.memberId = memberId;
    this.gossip = gossip;
  }

  @Override
  public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> out) {
    if (gossip.isEmpty()) {
      out.onError(off());
      return;
    }
    out.onNext(list(gossip.get()));
    out.onCompleted();
  }

  /** The view as a response; also the REST answer of {@code /control/peers}. */
  public ListPeersResponse list(GossipNode node) {
    ListPeersResponse.Builder response = ListPeersResponse.newBuilder().setMemberId(memberId);
    long now = GossipNode.now();
    node.members().forEach(m -> response.addPeers(toPeer(m, now)));
    return response.build();
  }

  @Override
  public void watchPeers(WatchPeersRequest request, StreamObserver<PeerEvent> observer) {
    if (gossip.isEmpty()) {
      observer.onError(off());
      return;
    }
    GossipNode node = gossip.get();
    ServerCallStreamObserver<PeerEvent> out = (ServerCallStreamObserver<PeerEvent>) observer;
    Object lock = new Object();
    MembershipListener listener = (before, after) -> {
      long now = GossipNode.now();
      PeerEvent.Builder event = PeerEvent.newBuilder().setAfter(toPeer(after, now));
      if (before != null) {
        event.setBefore(toPeer(before, now));
      }
      synchronized (lock) {
        if (!out.isCancelled()) {
          out.onNext(event.build());
        }
      }
    };
    out.setOnCancelHandler(() -> node.removeListener(listener));
    synchronized (lock) {
      long now = GossipNode.now();
      node.addListener(listener);
      node.members().forEach(m -> out.onNext(PeerEvent.newBuilder().setAfter(toPeer(m, now)).build()));
    }
  }

  static Peer toPeer(MemberView m, long now) {
    return Peer.newBuilder().setId(m.id()).setAddress(m.address()).setStatus(PeerStatus.valueOf("PEER_" + m.status()))
        .setIncarnation(m.incarnation()).setRttMs(m.rttMillis()).setSmoothedRttMs(m.smoothedRttMillis())
        .putAllMetadata(m.metadata()).setMetadataVersion(m.metadataVersion())
        .setStatusAgeMs(age(m.statusSinceMillis(), now)).setMetadataAgeMs(age(m.metadataSinceMillis(), now)).build();
  }

  /** 0 for this member itself (its own clock marks are 0). */
  private static long age(long since, long now) {
    return since == 0 ? 0 : Math.max(0, now - since);
  }

  private Exception off() {
    return ErrorCodes.toException(ErrorCode.FAILED_PRECONDITION, "gossip is off on member " + memberId,
        "give the member a gossipAddress in initialCluster (flag --peer ...,gossip=HOST:PORT) and restart it");
  }
}
