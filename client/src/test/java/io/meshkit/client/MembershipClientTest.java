package io.meshkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.PeerStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gossip view: list retried like a read, a peer watch that stays with its member, against scripted members. */
class MembershipClientTest extends TwoScriptedMembers {

  @Test
  void aListIsRetriedOnTheNextMemberAndNamesWhoseViewItIs() {
    a.failNext(ErrorCode.UNAVAILABLE);
    assertEquals("b", client.membership().listPeers().getMemberId());
    assertEquals(1, a.calls.get());
  }

  @Test
  void aWatchDeliversOneMembersViewAndEndsWithItsMemberInsteadOfMovingOn() throws Exception {
    Recorder recorder = new Recorder();
    PeerWatch watch = client.membership().watchPeers(recorder);
    StreamObserver<PeerEvent> stream = a.nextPeerWatch();
    stream.onNext(snapshot("a"));
    stream.onNext(PeerEvent.newBuilder().setBefore(peer("c", PeerStatus.PEER_ALIVE, 3))
        .setAfter(peer("c", PeerStatus.PEER_SUSPECT, 3)).build());
    recorder.await(2);
    a.kill();

    ExecutionException e = assertThrows(ExecutionException.class, () -> watch.done().get(10, TimeUnit.SECONDS));
    MeshkitClientException failure = (MeshkitClientException) e.getCause();
    assertEquals(failure, recorder.failure.get(1, TimeUnit.SECONDS), "the listener hears of it too");
    assertTrue(b.peerWatches.isEmpty(), "the view is a's: the watch does not move to b");
    assertEquals(List.of("a", "c"), recorder.events.stream().map(ev -> ev.getAfter().getId()).toList());
  }

  @Test
  void aWatchThatCannotReachItsFirstMemberStartsOnTheNext() throws Exception {
    try (MeshkitClient partlyDead = client(Duration.ofSeconds(5), RetryTest.deadEndpoint(), b.endpoint())) {
      Recorder recorder = new Recorder();
      try (PeerWatch watch = partlyDead.membership().watchPeers(recorder)) {
        b.nextPeerWatch().onNext(snapshot("b"));
        recorder.await(1);
        assertFalse(watch.done().isDone());
      }
    }
  }

  @Test
  void aRefusalEndsTheWatchAtOnce() throws Exception {
    a.failNext(ErrorCode.FAILED_PRECONDITION);
    Recorder recorder = new Recorder();
    PeerWatch watch = client.membership().watchPeers(recorder);
    ExecutionException e = assertThrows(ExecutionException.class, () -> watch.done().get(10, TimeUnit.SECONDS));
    assertEquals(ErrorCode.FAILED_PRECONDITION, ((MeshkitClientException) e.getCause()).code());
    assertEquals(0, b.calls.get(), "a refusal is an answer: no other member is asked");
  }

  @Test
  void closingTheClientClosesItsPeerWatches() throws Exception {
    PeerWatch watch = client.membership().watchPeers(new Recorder());
    a.nextPeerWatch();
    client.close();
    watch.done().get(10, TimeUnit.SECONDS);
  }

  private static Peer peer(String id, PeerStatus status, long incarnation) {
    return Peer.newBuilder().setId(id).setStatus(status).setIncarnation(incarnation).build();
  }

  private static PeerEvent snapshot(String id) {
    return PeerEvent.newBuilder().setAfter(peer(id, PeerStatus.PEER_ALIVE, 1)).build();
  }

  private static final class Recorder implements PeerListener {
    final List<PeerEvent> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<MeshkitClientException> failure = new CompletableFuture<>();

    @Override
    public void onEvent(PeerEvent event) {
      events.add(event);
    }

    @Override
    public void onFailed(MeshkitClientException error) {
      failure.complete(error);
    }

    void await(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.size() < n) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected " + n + " events, got " + events);
        }
        Thread.sleep(5);
      }
    }
  }
}
