package io.meshkit.perf.systems;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * etcd through {@code jetcd-core}, its Java client: one {@link Client} bound to each member, with
 * jetcd's own retries off (as MeshKit's client does not retry a write that reached the cluster).
 * Lease renewals use etcd's gRPC keepalive stream directly, through the same sender as MeshKit's
 * ({@link LeaseRenewals}), so both see one request per lease per second.
 */
public final class EtcdTarget implements KvTarget {
  private final List<String> endpoints;
  private final List<Client> clients = new ArrayList<>();
  /** jetcd sets no deadline by default: every call is bounded here, like MeshKit's call timeout. */
  private final long timeoutMillis;

  public EtcdTarget(List<String> endpoints, Duration callTimeout) {
    this.endpoints = List.copyOf(endpoints);
    for (String e : endpoints) {
      clients.add(Client.builder().endpoints("http://" + e).retryMaxAttempts(0)
          .connectTimeout(Duration.ofSeconds(2)).keepaliveWithoutCalls(false)
          .build());
    }
    this.timeoutMillis = callTimeout.toMillis();
  }

  private Client client(int conn) {
    return clients.get(Math.floorMod(conn, clients.size()));
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private <T> CompletableFuture<T> bounded(CompletableFuture<T> call) {
    return call.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public String system() {
    return "etcd";
  }

  @Override
  public int connections() {
    return clients.size();
  }

  @Override
  public CompletableFuture<Long> put(int conn, String key, byte[] value) {
    return bounded(client(conn).getKVClient().put(bytes(key), ByteSequence.from(value)))
        .thenApply(r -> r.getHeader().getRevision());
  }

  @Override
  public CompletableFuture<Void> get(int conn, String key, boolean linearizable) {
    return bounded(client(conn).getKVClient().get(bytes(key),
        GetOption.builder().withSerializable(!linearizable).build())).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Long> compareAndPut(int conn, String key, long expectedModRevision, byte[] value) {
    ByteSequence k = bytes(key);
    return bounded(client(conn).getKVClient().txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
        .commit())
        .thenApply(r -> r.isSucceeded() ? r.getHeader().getRevision() : -1L);
  }

  @Override
  public AutoCloseable watchPrefix(int conn, String prefix, Consumer<byte[]> onValue) {
    Watch.Watcher watcher = client(conn).getWatchClient().watch(bytes(prefix),
        WatchOption.builder().isPrefix(true).build(),
        response -> response.getEvents().forEach(e -> onValue.accept(e.getKeyValue().getValue().getBytes())));
    return watcher::close;
  }

  @Override
  public CompletableFuture<Long> grantLease(int conn, long ttlSeconds) {
    return bounded(client(conn).getLeaseClient().grant(ttlSeconds)).thenApply(r -> r.getID());
  }

  @Override
  public CompletableFuture<Void> revokeLease(int conn, long id) {
    return bounded(client(conn).getLeaseClient().revoke(id)).thenApply(r -> null);
  }

  @Override
  public LeaseRenewals renewEverySecond(List<Long> ids, int streams) {
    return new LeaseRenewals(endpoints, ids, streams, (channel, responses) -> LeaseGrpc.newStub(channel)
        .leaseKeepAlive(responses), id -> LeaseKeepAliveRequest.newBuilder().setID(id).build(),
        (LeaseKeepAliveResponse r) -> r.getTTL() > 0);
  }

  @Override
  public String errorCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EtcdException etcd) {
        return etcd.getErrorCode().name();
      }
      if (t instanceof java.util.concurrent.TimeoutException) {
        return "TIMEOUT";
      }
    }
    Status.Code code = Status.fromThrowable(failure).getCode();
    return code == Status.Code.UNKNOWN ? failure.getClass().getSimpleName() : code.name();
  }

  @Override
  public void close() {
    clients.forEach(Client::close);
  }
}
