package io.meshkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.ListNamespacesRequest;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.RegistryWatchResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry client's retry classes, pagination and resumable watch, against scripted members. */
class RegistryClientTest extends TwoScriptedMembers {
  private static final TransferShardRequest TRANSFER = TransferShardRequest.newBuilder().setNamespace("orders")
      .setShardId(7).setTo("node-2").setExpectedEpoch(3).build();


  @Test
  void aTransferWhoseAnswerWasLostIsNotResentButADryRunIs() {
    a.failNext(ErrorCode.TIMEOUT);
    MeshkitClientException e = assertThrows(MeshkitClientException.class, () -> client.registry().transferShard(TRANSFER));
    assertTrue(e.outcomeUnknown(), e::toString);
    assertEquals(1, a.calls.get() + b.calls.get(), "a mutation is sent once");

    a.failNext(ErrorCode.TIMEOUT);
    b.failNext(ErrorCode.TIMEOUT);
    assertTrue(client.registry().transferShard(TRANSFER.toBuilder().setDryRun(true).build()).getDryRun());
    assertEquals(4, a.calls.get() + b.calls.get(), "a dry run changes nothing, so it is retried like a read");
  }

  @Test
  void readsAreRetriedOnTheNextMember() {
    a.failNext(ErrorCode.NO_LEADER);
    assertEquals("b", client.registry().listNamespaces(ListNamespacesRequest.getDefaultInstance()).getHeader()
        .getMemberId());
  }

  @Test
  void listingAllShardsFollowsThePagesUpToTheMaximum() {
    ListShardsRequest request = ListShardsRequest.newBuilder().setNamespace("orders").setLimit(2).build();
    assertEquals(List.of(0, 1, 2, 3, 4), ids(client.registry().listAllShards(request, 0)));
    assertEquals(List.of(0, 1, 2), ids(client.registry().listAllShards(request, 3)));
    List<String> tokens = a.registryRequests.stream().map(r -> ((ListShardsRequest) r).getPageToken()).toList();
    assertEquals(List.of("", "2", "4", "", "2"), tokens);
  }

  private static List<Integer> ids(List<Shard> shards) {
    return shards.stream().map(Shard::getShardId).toList();
  }

  @Test
  void aWatchFromNowIsPinnedByARead() throws Exception {
    Recorder recorder = new Recorder();
    try (WatchSubscription watch = client.registry().watch(RegistryWatchRequest.newBuilder().setNamespace("orders")
        .build(), recorder)) {
      a.nextRegistryWatch();
      RegistryWatchRequest sent = (RegistryWatchRequest) a.registryRequests.get(1);
      assertEquals(11, sent.getStartRevision(), "the revision after the read's, not 0");
      assertEquals("orders", sent.getNamespace());
      assertEquals(11, watch.nextRevision());
    }
  }

  @Test
  void aWatchResumesOnTheNextMemberAfterTheLastRevisionDeliveredAndDropsRepeats() throws Exception {
    Recorder recorder = new Recorder();
    try (WatchSubscription watch = client.registry().watch(RegistryWatchRequest.newBuilder().setStartRevision(5)
        .build(), recorder)) {
      StreamObserver<RegistryWatchResponse> first = a.nextRegistryWatch();
      first.onNext(events(5));
      first.onNext(events(8));
      recorder.await(2);
      a.kill();

      StreamObserver<RegistryWatchResponse> second = b.nextRegistryWatch();
      assertEquals(9, ((RegistryWatchRequest) b.registryRequests.get(0)).getStartRevision());
      second.onNext(events(8)); // a server resending what was delivered: dropped
      second.onNext(events(12));
      recorder.await(3);
      assertEquals(List.of(5L, 8L, 12L), recorder.revisions);
      assertEquals(13, watch.nextRevision());
    }
  }

  @Test
  void aCompactedStartEndsTheWatchWithAHint() throws Exception {
    Recorder recorder = new Recorder();
    WatchSubscription watch = client.registry().watch(RegistryWatchRequest.newBuilder().setStartRevision(2).build(),
        recorder);
    a.nextRegistryWatch().onNext(RegistryWatchResponse.newBuilder().setCanceled(true)
        .setCancelCode(ErrorCode.COMPACTED).setCancelReason("revision 2 is compacted").setCompactRevision(40).build());
    ExecutionException e = assertThrows(ExecutionException.class, () -> watch.done().get(10, TimeUnit.SECONDS));
    MeshkitClientException failure = (MeshkitClientException) e.getCause();
    assertEquals(ErrorCode.COMPACTED, failure.code());
    assertTrue(failure.hint().contains("history before revision 40"), failure.hint());
  }

  private static RegistryWatchResponse events(long revision) {
    return RegistryWatchResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(revision))
        .addEvents(RegistryEvent.newBuilder().setRevision(revision).setObject(RegistryObject.newBuilder()
            .setShard(Shard.newBuilder().setNamespace("orders").setShardId(1)))).build();
  }

  private static final class Recorder implements RegistryWatchHandler {
    final List<Long> revisions = new CopyOnWriteArrayList<>();

    @Override
    public void onEvents(long revision, List<RegistryEvent> events) {
      revisions.add(revision);
    }

    @Override
    public void onFailed(MeshkitClientException error) {}

    void await(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (revisions.size() < n) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected " + n + " revisions, got " + revisions);
        }
        Thread.sleep(5);
      }
    }
  }
}
