package io.meshkit.perf.systems;

import com.google.protobuf.ByteString;
import io.meshkit.client.KeyRanges;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.WatchHandler;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.LeaseGrantRequest;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.LeaseKeepAliveRequest;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.WatchCreateRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** MeshKit through its Java client: one {@link MeshkitClient} bound to each member. */
public final class MeshkitTarget implements KvTarget {
  private final List<String> endpoints;
  private final List<MeshkitClient> clients = new ArrayList<>();
  /** The client's lease grant and revoke are blocking; they run here so many can be in flight. */
  private final ExecutorService blockingCalls = Executors.newFixedThreadPool(16, r -> {
    Thread t = new Thread(r, "meshkit-target-grants");
    t.setDaemon(true);
    return t;
  });

  public MeshkitTarget(List<String> endpoints, Duration callTimeout) {
    this.endpoints = List.copyOf(endpoints);
    for (String e : endpoints) {
      clients.add(MeshkitClient.builder().endpoints(List.of(e)).callTimeout(callTimeout).build());
    }
  }

  private MeshkitClient client(int conn) {
    return clients.get(Math.floorMod(conn, clients.size()));
  }

  @Override
  public String system() {
    return "meshkit";
  }

  @Override
  public int connections() {
    return clients.size();
  }

  @Override
  public CompletableFuture<Long> put(int conn, String key, byte[] value) {
    return client(conn).putAsync(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFrom(value)).build()).thenApply(r -> r.getHeader().getRevision());
  }

  @Override
  public CompletableFuture<Void> get(int conn, String key, boolean linearizable) {
    return client(conn).rangeAsync(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setSerializable(!linearizable).build()).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Long> compareAndPut(int conn, String key, long expectedModRevision, byte[] value) {
    ByteString k = ByteString.copyFromUtf8(key);
    TxnRequest txn = TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(k).setTarget(Compare.CompareTarget.MOD)
            .setResult(Compare.CompareResult.EQUAL).setModRevision(expectedModRevision))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(k)
            .setValue(ByteString.copyFrom(value))))
        .build();
    return client(conn).txnAsync(txn).thenApply(r -> r.getSucceeded() ? r.getHeader().getRevision() : -1L);
  }

  @Override
  public AutoCloseable watchPrefix(int conn, String prefix, Consumer<byte[]> onValue) {
    ByteString p = ByteString.copyFromUtf8(prefix);
    return client(conn).watch(WatchCreateRequest.newBuilder().setKey(p).setRangeEnd(KeyRanges.prefixEnd(p)).build(),
        new WatchHandler() {
          @Override
          public void onEvents(long revision, List<Event> events) {
            for (Event e : events) {
              onValue.accept(e.getKv().getValue().toByteArray());
            }
          }

          @Override
          public void onFailed(MeshkitClientException error) {
            // The run's event count falls short and the report shows it.
          }
        });
  }

  @Override
  public CompletableFuture<Long> grantLease(int conn, long ttlSeconds) {
    return CompletableFuture.supplyAsync(() -> client(conn).grantLease(LeaseGrantRequest.newBuilder()
        .setTtlMs(ttlSeconds * 1000).build()).getId(), blockingCalls);
  }

  @Override
  public CompletableFuture<Void> revokeLease(int conn, long id) {
    return CompletableFuture.runAsync(() -> client(conn).revokeLease(id), blockingCalls);
  }

  @Override
  public LeaseRenewals renewEverySecond(List<Long> ids, int streams) {
    return new LeaseRenewals(endpoints, ids, streams, (channel, responses) -> LeaseGrpc.newStub(channel)
        .keepAlive(responses), id -> LeaseKeepAliveRequest.newBuilder().setId(id).build(),
        (io.meshkit.proto.v1.LeaseKeepAliveResponse r) -> r.getTtlMs() > 0);
  }

  @Override
  public String errorCode(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t instanceof MeshkitClientException m ? m.code().name() : t.getClass().getSimpleName();
  }

  @Override
  public void close() {
    blockingCalls.shutdownNow();
    clients.forEach(MeshkitClient::close);
  }
}
