package io.meshkit.client;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.ListPeersRequest;
import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.PeerStatus;
import io.meshkit.proto.v1.WatchPeersRequest;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.ListNamespacesRequest;
import io.meshkit.proto.v1.ListNamespacesResponse;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.ListShardsResponse;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.RegistryWatchResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.TxnResponse;
import io.meshkit.proto.v1.WatchGrpc;
import io.meshkit.proto.v1.WatchRequest;
import io.meshkit.proto.v1.WatchResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC server on a loopback port that stands in for a member whose answers a test chooses: each
 * unary call fails with the next scripted error code, or succeeds once the script is empty. Watch
 * streams are handed to the test, which drives them.
 */
final class ScriptedMember implements AutoCloseable {
  final String name;
  final AtomicInteger calls = new AtomicInteger();
  final LinkedBlockingQueue<ErrorCode> failures = new LinkedBlockingQueue<>();
  /** When set, unary calls are counted and never answered (a paused member, an answer lost on the way). */
  volatile boolean silent;
  /** When set, the member dies on receiving a unary call, before answering it (kill -9 mid-request). */
  volatile boolean dieOnCall;
  final List<WatchRequest> watchRequests = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<StreamObserver<WatchResponse>> watchStreams = new LinkedBlockingQueue<>();
  final List<Object> registryRequests = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<StreamObserver<RegistryWatchResponse>> registryWatches = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<StreamObserver<PeerEvent>> peerWatches = new LinkedBlockingQueue<>();
  private final Server server;

  ScriptedMember(String name) throws IOException {
    this.name = name;
    this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new Kv()).addService(new Watch()).addService(new Registry())
        .addService(new Membership()).build().start();
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  ScriptedMember failNext(ErrorCode... codes) {
    failures.addAll(List.of(codes));
    return this;
  }

  ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder().setMemberId(name).setRevision(revision).build();
  }

  /** Answers with the next scripted failure, or not at all when silent; true when the call is handled. */
  private boolean failed(StreamObserver<?> out) {
    calls.incrementAndGet();
    if (dieOnCall) {
      server.shutdownNow();
      return true;
    }
    if (silent) {
      return true;
    }
    ErrorCode code = failures.poll();
    if (code == null) {
      return false;
    }
    out.onError(ErrorCodes.toException(code, "scripted " + code + " from " + name, "scripted hint"));
    return true;
  }

  private final class Kv extends KVGrpc.KVImplBase {
    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> out) {
      if (!failed(out)) {
        out.onNext(RangeResponse.newBuilder().setHeader(header(7)).setCount(0).build());
        out.onCompleted();
      }
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> out) {
      if (!failed(out)) {
        out.onNext(PutResponse.newBuilder().setHeader(header(8)).build());
        out.onCompleted();
      }
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
      if (!failed(out)) {
        out.onNext(TxnResponse.newBuilder().setHeader(header(9)).setSucceeded(true).build());
        out.onCompleted();
      }
    }
  }

  private final class Watch extends WatchGrpc.WatchImplBase {
    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
      watchStreams.add(out);
      return new StreamObserver<>() {
        @Override
        public void onNext(WatchRequest request) {
          watchRequests.add(request);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
  }

  /**
   * The registry: mutations and reads answer with revision 10 (after the scripted failures);
   * ListShards serves shards 0..4 two per page; watch streams are handed to the test.
   */
  private final class Registry extends RegistryGrpc.RegistryImplBase {
    @Override
    public void transferShard(TransferShardRequest request, StreamObserver<MutationResponse> out) {
      registryRequests.add(request);
      if (!failed(out)) {
        out.onNext(MutationResponse.newBuilder().setHeader(header(10)).setDryRun(request.getDryRun()).build());
        out.onCompleted();
      }
    }

    @Override
    public void listNamespaces(ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> out) {
      registryRequests.add(request);
      if (!failed(out)) {
        out.onNext(ListNamespacesResponse.newBuilder().setHeader(header(10)).build());
        out.onCompleted();
      }
    }

    @Override
    public void listShards(ListShardsRequest request, StreamObserver<ListShardsResponse> out) {
      registryRequests.add(request);
      if (failed(out)) {
        return;
      }
      int first = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      ListShardsResponse.Builder page = ListShardsResponse.newBuilder().setHeader(header(10));
      for (int id = first; id < Math.min(first + 2, 5); id++) {
        page.addShards(Shard.newBuilder().setNamespace("orders").setShardId(id));
      }
      if (first + 2 < 5) {
        page.setNextPageToken(Integer.toString(first + 2));
      }
      out.onNext(page.build());
      out.onCompleted();
    }

    @Override
    public void watch(RegistryWatchRequest request, StreamObserver<RegistryWatchResponse> out) {
      registryRequests.add(request);
      registryWatches.add(out);
    }
  }

  /**
   * Gossip: ListPeers answers with this member alone, alive; WatchPeers streams are handed to the
   * test (or fail with the next scripted failure).
   */
  private final class Membership extends MembershipGrpc.MembershipImplBase {
    @Override
    public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> out) {
      if (!failed(out)) {
        out.onNext(ListPeersResponse.newBuilder().setMemberId(name).addPeers(Peer.newBuilder().setId(name)
            .setStatus(PeerStatus.PEER_ALIVE)).build());
        out.onCompleted();
      }
    }

    @Override
    public void watchPeers(WatchPeersRequest request, StreamObserver<PeerEvent> out) {
      if (!failed(out)) {
        peerWatches.add(out);
      }
    }
  }

  /** Waits for the next peer watch a client opens here. */
  StreamObserver<PeerEvent> nextPeerWatch() throws InterruptedException {
    StreamObserver<PeerEvent> s = peerWatches.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no peer watch opened on " + name);
    }
    return s;
  }

  /** Waits for the next registry watch stream a client opens here. */
  StreamObserver<RegistryWatchResponse> nextRegistryWatch() throws InterruptedException {
    StreamObserver<RegistryWatchResponse> s = registryWatches.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no registry watch opened on " + name);
    }
    return s;
  }

  /** Waits for the next watch stream a client opens here. */
  StreamObserver<WatchResponse> nextWatchStream() throws InterruptedException {
    StreamObserver<WatchResponse> s = watchStreams.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no watch stream opened on " + name);
    }
    return s;
  }

  void kill() {
    server.shutdownNow();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

}
