package io.meshkit.cli;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.DeleteRangeResponse;
import io.meshkit.proto.v1.HealthRequest;
import io.meshkit.proto.v1.HealthResponse;
import io.meshkit.proto.v1.KVGrpc;
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
  private final Server server;

  FakeMember() throws IOException {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new Kv()).addService(new Cluster()).build().start();
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

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
