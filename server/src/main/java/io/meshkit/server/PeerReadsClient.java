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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ReadIndex calls this member makes on the others ({@link MemberReadsService} answers them), one
 * plaintext gRPC channel per member on its client address, every call bounded by the request
 * timeout. Thread-safe; close with the member.
 */
final class PeerReadsClient implements PeerReads, AutoCloseable {
  private final Map<String, ManagedChannel> channels;
  private final Duration timeout;

  /** @param credentials of this member's calls (TLS with its certificate when the member serves TLS) */
  PeerReadsClient(List<PeerConfig> members, String self, Duration timeout, io.grpc.ChannelCredentials credentials) {
    this.channels = members.stream().filter(m -> !m.id().equals(self)).collect(Collectors.toUnmodifiableMap(
        PeerConfig::id, m -> NettyChannelBuilder.forTarget(m.clientAddress(), credentials).build()));
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
    ManagedChannel channel = channels.get(member);
    if (channel == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("member " + member
          + " is not in this member's configuration"));
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    send.on(MemberReadsGrpc.newStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), done);
    return done;
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
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
