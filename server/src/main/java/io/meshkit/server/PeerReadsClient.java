package io.meshkit.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.FollowsRequest;
import io.meshkit.proto.internal.v1.FollowsResponse;
import io.meshkit.proto.internal.v1.MemberReadsGrpc;
import io.meshkit.proto.internal.v1.ReadIndexRequest;
import io.meshkit.proto.internal.v1.ReadIndexResponse;
import io.meshkit.raft.PeerReads;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The ReadIndex calls this member makes on the others ({@link MemberReadsService} answers them), one
 * gRPC channel per member on its client address, every call bounded by the request timeout. Members
 * are looked up in the live Raft configuration on each call (membership changes), falling back to the
 * configured members; a member whose address changed gets a new channel. Thread-safe; close with the
 * member.
 */
final class PeerReadsClient implements PeerReads, AutoCloseable {
  private record Connection(String address, ManagedChannel channel) {}

  private final Function<String, Optional<String>> clientAddressOf;
  private final io.grpc.ChannelCredentials credentials;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Duration timeout;

  /**
   * @param clientAddressOf a member id's client address, empty when the member is not known
   * @param credentials of this member's calls (TLS with its certificate when the member serves TLS)
   */
  PeerReadsClient(Function<String, Optional<String>> clientAddressOf, Duration timeout,
      io.grpc.ChannelCredentials credentials) {
    this.clientAddressOf = clientAddressOf;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<Boolean> follows(String peerId, long term, String leaderId) {
    return call(peerId, (stub, done) -> stub.follows(FollowsRequest.newBuilder().setTerm(term).setLeader(leaderId)
        .build(), observer(done, FollowsResponse::getFollows)));
  }

  @Override
  public CompletableFuture<Long> readIndex(String leaderId) {
    return call(leaderId, (stub, done) -> stub.readIndex(ReadIndexRequest.getDefaultInstance(),
        observer(done, ReadIndexResponse::getReadIndex)));
  }

  /** One call to {@code member}, made by {@code send} with a stub carrying the deadline. */
  private <T> CompletableFuture<T> call(String member, Call<T> send) {
    Optional<String> address = clientAddressOf.apply(member).filter(a -> !a.isEmpty());
    if (address.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("member " + member
          + " is not in this member's configuration, or its client address is not known"));
    }
    ManagedChannel channel = channel(member, address.get());
    CompletableFuture<T> done = new CompletableFuture<>();
    send.on(MemberReadsGrpc.newStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), done);
    return done;
  }

  private ManagedChannel channel(String member, String address) {
    Connection c = connections.compute(member, (id, old) -> {
      if (old != null && old.address().equals(address)) {
        return old;
      }
      if (old != null) {
        old.channel().shutdown();
      }
      return new Connection(address, NettyChannelBuilder.forTarget(address, credentials).build());
    });
    return c.channel();
  }

  private interface Call<T> {
    void on(MemberReadsGrpc.MemberReadsStub stub, CompletableFuture<T> done);
  }

  private static <R, T> StreamObserver<R> observer(CompletableFuture<T> done, Function<R, T> value) {
    return new StreamObserver<>() {
      @Override
      public void onNext(R response) {
        done.complete(value.apply(response));
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        // The value arrived with onNext.
      }
    };
  }

  @Override
  public void close() {
    connections.values().forEach(c -> c.channel().shutdownNow());
  }
}
