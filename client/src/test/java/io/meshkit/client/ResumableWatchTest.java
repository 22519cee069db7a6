package io.meshkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorCodeHolder;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.WatchCreateRequest;
import io.meshkit.proto.v1.WatchResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resumption of a watch across members: every revision once, in order; terminal failures end it. */
@Timeout(60)
class ResumableWatchTest {
  private ScriptedMember a;
  private ScriptedMember b;
  private MeshkitClient client;
  private final Recorder recorder = new Recorder();

  @BeforeEach
  void start() throws IOException {
    a = new ScriptedMember("a");
    b = new ScriptedMember("b");
    client = MeshkitClient.builder().endpoints(List.of(a.endpoint(), b.endpoint()))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    a.close();
    b.close();
  }

  private static WatchCreateRequest prefix(String p) {
    return WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8(p))
        .setRangeEnd(KeyRanges.prefixEnd(ByteString.copyFromUtf8(p))).build();
  }

  private static WatchResponse created(ScriptedMember m, long revision) {
    return WatchResponse.newBuilder().setHeader(m.header(revision)).setWatchId(1).setCreated(true).build();
  }

  private static WatchResponse events(ScriptedMember m, long revision) {
    Event e = Event.newBuilder().setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("p/" + revision))
        .setModRevision(revision)).build();
    return WatchResponse.newBuilder().setHeader(m.header(revision)).setWatchId(1).addEvents(e).build();
  }

  @Test
  void aWatchResumesOnTheNextMemberFromTheRevisionAfterTheLastDelivered() throws Exception {
    WatchSubscription watch = client.watch(prefix("p/"), recorder);
    StreamObserver<WatchResponse> onA = a.nextWatchStream();
    onA.onNext(created(a, 10));
    onA.onNext(events(a, 11));
    onA.onNext(events(a, 12));
    recorder.awaitRevisions(2);
    onA.onError(Status.UNAVAILABLE.withDescription("member went away").asRuntimeException());

    StreamObserver<WatchResponse> onB = b.nextWatchStream();
    awaitRequests(b, 1);
    assertEquals(13, b.watchRequests.get(0).getCreateRequest().getStartRevision());
    assertEquals(ByteString.copyFromUtf8("p/"), b.watchRequests.get(0).getCreateRequest().getKey());
    onB.onNext(created(b, 14));
    onB.onNext(events(b, 12)); // a member that resends history must not cause a duplicate
    onB.onNext(events(b, 13));
    onB.onNext(events(b, 14));
    recorder.awaitRevisions(4);
    assertEquals(List.of(11L, 12L, 13L, 14L), recorder.revisions);
    assertEquals(1, recorder.reconnects.size());
    assertEquals(a.endpoint(), recorder.reconnects.get(0));
    assertEquals(15, watch.nextRevision());
    watch.close();
    watch.done().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aWatchCreatedFromNowResumesAfterTheCreationRevision() throws Exception {
    client.watch(prefix("p/"), recorder);
    StreamObserver<WatchResponse> onA = a.nextWatchStream();
    onA.onNext(created(a, 20));
    awaitRequests(a, 1);
    assertEquals(0, a.watchRequests.get(0).getCreateRequest().getStartRevision());
    // A slow-consumer cancel is not terminal: the history lets the watch resume.
    onA.onNext(cancel(a, ErrorCode.WATCH_CANCELED, "watcher too slow"));
    StreamObserver<WatchResponse> onB = b.nextWatchStream();
    awaitRequests(b, 1);
    assertEquals(21, b.watchRequests.get(0).getCreateRequest().getStartRevision());
    // Nor is a member shutting down (a retriable code): back to a.
    onB.onNext(created(b, 21));
    onB.onNext(events(b, 22));
    recorder.awaitRevisions(1);
    onB.onNext(cancel(b, ErrorCode.UNAVAILABLE, "the member is shutting down"));
    a.nextWatchStream();
    awaitRequests(a, 2);
    assertEquals(23, a.watchRequests.get(1).getCreateRequest().getStartRevision());
    assertEquals(List.of(), recorder.failures);
  }

  private static WatchResponse cancel(ScriptedMember m, ErrorCode code, String reason) {
    return WatchResponse.newBuilder().setHeader(m.header(20)).setWatchId(1).setCanceled(true)
        .setCancelCode(ErrorCodeHolder.newBuilder().setCode(code)).setCancelReason(reason).build();
  }

  @Test
  void revisionZeroIsARealCreationRevision() throws Exception {
    WatchSubscription watch = client.watch(prefix("p/"), recorder);
    a.nextWatchStream().onNext(created(a, 0));
    for (int i = 0; i < 500 && watch.nextRevision() == 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(1, watch.nextRevision(), "a fresh cluster's first change is revision 1");
  }

  @Test
  void progressAdvancesTheResumePoint() throws Exception {
    WatchSubscription watch = client.watch(prefix("p/").toBuilder().setStartRevision(5).build(), recorder);
    StreamObserver<WatchResponse> onA = a.nextWatchStream();
    onA.onNext(created(a, 30));
    onA.onNext(WatchResponse.newBuilder().setHeader(a.header(30)).setWatchId(1).setProgressNotify(true).build());
    recorder.awaitProgress(30);
    assertEquals(31, watch.nextRevision());
  }

  @Test
  void aCompactedStartEndsTheWatchWithTheOldestRevisionInTheHint() throws Exception {
    WatchSubscription watch = client.watch(prefix("p/").toBuilder().setStartRevision(3).build(), recorder);
    StreamObserver<WatchResponse> onA = a.nextWatchStream();
    onA.onNext(WatchResponse.newBuilder().setHeader(a.header(50)).setWatchId(1).setCanceled(true)
        .setCancelCode(ErrorCodeHolder.newBuilder().setCode(ErrorCode.COMPACTED))
        .setCancelReason("revision 3 is compacted").setCompactRevision(40).build());
    ExecutionException e = assertThrows(ExecutionException.class, () -> watch.done().get(10, TimeUnit.SECONDS));
    MeshkitClientException failure = assertInstanceOf(MeshkitClientException.class, e.getCause());
    assertEquals(ErrorCode.COMPACTED, failure.code());
    assertTrue(failure.hint().contains("40"), failure.hint());
    assertEquals(List.of(failure), recorder.failures);
    Thread.sleep(200);
    assertEquals(0, b.watchStreams.size(), "a failed watch does not resume");
  }

  @Test
  void closingStopsDeliveryAndDoesNotResume() throws Exception {
    WatchSubscription watch = client.watch(prefix("p/"), recorder);
    StreamObserver<WatchResponse> onA = a.nextWatchStream();
    onA.onNext(created(a, 10));
    watch.close();
    watch.done().get(5, TimeUnit.SECONDS);
    try {
      onA.onNext(events(a, 11));
      onA.onError(Status.UNAVAILABLE.asRuntimeException());
    } catch (StatusRuntimeException cancelledByTheClient) {
      // The client's cancel reached the member first: nothing more can be sent either way.
    }
    Thread.sleep(200);
    assertEquals(List.of(), recorder.revisions);
    assertEquals(0, b.watchStreams.size());
    assertEquals(List.of(), recorder.failures);
  }

  private static void awaitRequests(ScriptedMember m, int n) throws InterruptedException {
    for (int i = 0; i < 500 && m.watchRequests.size() < n; i++) {
      Thread.sleep(10);
    }
    assertTrue(m.watchRequests.size() >= n, "watch requests on " + m.name + ": " + m.watchRequests);
  }

  /** Records what the handler received. */
  static final class Recorder implements WatchHandler {
    final List<Long> revisions = new CopyOnWriteArrayList<>();
    final List<Long> progress = new CopyOnWriteArrayList<>();
    final List<String> reconnects = new CopyOnWriteArrayList<>();
    final List<MeshkitClientException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onEvents(long revision, List<Event> events) {
      revisions.add(revision);
    }

    @Override
    public void onProgress(long revision) {
      progress.add(revision);
    }

    @Override
    public void onReconnecting(String failedEndpoint, long fromRevision, MeshkitClientException cause) {
      reconnects.add(failedEndpoint);
    }

    @Override
    public void onFailed(MeshkitClientException error) {
      failures.add(error);
    }

    void awaitRevisions(int n) throws InterruptedException {
      for (int i = 0; i < 500 && revisions.size() < n; i++) {
        Thread.sleep(10);
      }
      assertTrue(revisions.size() >= n, "revisions delivered: " + revisions);
    }

    void awaitProgress(long revision) throws InterruptedException {
      for (int i = 0; i < 500 && !progress.contains(revision); i++) {
        Thread.sleep(10);
      }
      assertTrue(progress.contains(revision), "progress delivered: " + progress);
    }
  }
}
