package io.meshkit.cli;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.Message;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.GetNamespaceResponse;
import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.GetNodeResponse;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.ListShardsResponse;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.DeleteRangeResponse;
import io.meshkit.proto.v1.HealthRequest;
import io.meshkit.proto.v1.HealthResponse;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.ListPeersRequest;
import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.WatchPeersRequest;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.MemberStatusRequest;
import io.meshkit.proto.v1.MemberStatusResponse;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.TxnResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for a member on a loopback port, for testing what meshctl does with each kind
 * of answer without a cluster: KV calls fail with {@link #failWith} when set, else succeed trivially;
 * Cluster calls report {@link #members} and {@link #healthy}. Requests received are recorded.
 */
final class FakeMember implements AutoCloseable {
  static final ResponseHeader HEADER = ResponseHeader.newBuilder().setClusterId("fake").setMemberId("n1")
      .setRevision(5).setRaftTerm(1).setLeaderId("n1").build();

  final List<Object> received = new CopyOnWriteArrayList<>();
  volatile StatusRuntimeException failWith;
  volatile List<Member> members = List.of();
  volatile boolean healthy = true;
  /** What registry reads return: GetNamespace, GetNode; every mutation answers with {@link #mutationAnswer}. */
  volatile Namespace namespace = Namespace.getDefaultInstance();
  volatile Node node = Node.getDefaultInstance();
  volatile MutationResponse mutationAnswer = MutationResponse.newBuilder().setHeader(HEADER).build();
  /** What ListPeers answers; a peer watch streams {@link #peerEvents} and stays open. */
  volatile ListPeersResponse peers = ListPeersResponse.getDefaultInstance();
  volatile List<PeerEvent> peerEvents = List.of();
  private final Server server;

  FakeMember() throws IOException {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new Kv()).addService(new Cluster()).addService(new Registry())
        .addService(new Membership()).build().start();
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** A member entry pointing at this fake. */
  Member self(String id) {
    return Member.newBuilder().setId(id).setClientAddress(endpoint()).build();
  }

  private <T> void answer(Object request, StreamObserver<T> observer, T response) {
    received.add(request);
    StatusRuntimeException failure = failWith;
    if (failure != null) {
      observer.onError(failure);
    } else {
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  private final class Kv extends KVGrpc.KVImplBase {
    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
      answer(request, observer, PutResponse.newBuilder().setHeader(HEADER).build());
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
      answer(request, observer, RangeResponse.newBuilder().setHeader(HEADER).build());
    }

    @Override
    public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
      answer(request, observer, DeleteRangeResponse.newBuilder().setHeader(HEADER).build());
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
      answer(request, observer, TxnResponse.newBuilder().setHeader(HEADER).setSucceeded(true).build());
    }
  }

  private final class Cluster extends ClusterGrpc.ClusterImplBase {
    @Override
    public void memberStatus(MemberStatusRequest request, StreamObserver<MemberStatusResponse> observer) {
      observer.onNext(MemberStatusResponse.newBuilder().setHeader(HEADER).setRole("LEADER").setTerm(1)
          .setLeaderId("n1").setVersion("test").addAllMembers(members).build());
      observer.onCompleted();
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
      observer.onNext(HealthResponse.newBuilder().setHeader(HEADER).setHealthy(healthy)
          .setReason(healthy ? "" : "no leader: this member cannot reach a quorum").build());
      observer.onCompleted();
    }
  }

  /**
   * The registry: mutations are recorded and answered with {@link #mutationAnswer} (dry_run echoed);
   * reads with {@link #namespace} and {@link #node}; ListShards serves shards 0..4, two per page.
   */
  private final class Registry extends RegistryGrpc.RegistryImplBase {
    private void mutation(Message request, StreamObserver<MutationResponse> observer) {
      boolean dryRun = (Boolean) request.getField(request.getDescriptorForType().findFieldByName("dry_run"));
      answer(request, observer, mutationAnswer.toBuilder().setDryRun(dryRun).build());
    }

    @Override
    public void createNamespace(CreateNamespaceRequest request, StreamObserver<MutationResponse> observer) {
      mutation(request, observer);
    }

    @Override
    public void updateNamespace(UpdateNamespaceRequest request, StreamObserver<MutationResponse> observer) {
      mutation(request, observer);
    }

    @Override
    public void transferShard(TransferShardRequest request, StreamObserver<MutationResponse> observer) {
      mutation(request, observer);
    }

    @Override
    public void setNodeState(SetNodeStateRequest request, StreamObserver<MutationResponse> observer) {
      mutation(request, observer);
    }

    @Override
    public void updateNode(UpdateNodeRequest request, StreamObserver<MutationResponse> observer) {
      mutation(request, observer);
    }

    @Override
    public void getNamespace(GetNamespaceRequest request, StreamObserver<GetNamespaceResponse> observer) {
      answer(request, observer, GetNamespaceResponse.newBuilder().setHeader(HEADER).setNamespace(namespace).build());
    }

    @Override
    public void getNode(GetNodeRequest request, StreamObserver<GetNodeResponse> observer) {
      answer(request, observer, GetNodeResponse.newBuilder().setHeader(HEADER).setNode(node).build());
    }

    @Override
    public void listShards(ListShardsRequest request, StreamObserver<ListShardsResponse> observer) {
      int first = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      ListShardsResponse.Builder page = ListShardsResponse.newBuilder().setHeader(HEADER);
      for (int id = first; id < Math.min(first + 2, 5); id++) {
        page.addShards(Shard.newBuilder().setNamespace("orders").setShardId(id).setOwner("node-1"));
      }
      if (first + 2 < 5) {
        page.setNextPageToken(Integer.toString(first + 2));
      }
      answer(request, observer, page.build());
    }
  }

  /** Gossip: answers with {@link #peers}, or streams {@link #peerEvents} and keeps the watch open; or fails. */
  private final class Membership extends MembershipGrpc.MembershipImplBase {
    @Override
    public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> observer) {
      answer(request, observer, peers);
    }

    @Override
    public void watchPeers(WatchPeersRequest request, StreamObserver<PeerEvent> observer) {
      received.add(request);
      StatusRuntimeException failure = failWith;
      if (failure != null) {
        observer.onError(failure);
        return;
      }
      peerEvents.forEach(observer::onNext);
    }
  }

  /** The registry requests received, of one type, in order. */
  <T> List<T> received(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
