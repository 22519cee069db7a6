package io.meshkit.jepsen.workload;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link KvClient} over jetcd for the etcd cross-check, bound to one member (as {@link MeshkitKvClient}
 * is) and with the same semantics: reads are etcd ranges (serializable on request), a cas is a
 * transaction comparing the value (or version 0 for "absent"), a set element is a key with an empty
 * value.
 *
 * <p>Honest outcomes: jetcd's own retries are off ({@code retryMaxAttempts(0)}; by default it retries
 * reads on UNAVAILABLE and never retries puts or transactions, so this only makes reads fail fast
 * like writes). Calls do not wait for a connection ({@code waitForReady(false)}): a call to a dead
 * member fails at once with a connect error, which is definite. Every call carries a gRPC deadline of
 * {@code callTimeout}, and the caller waits at most one second longer; either expiry leaves the
 * outcome unknown. Errors are classified by {@link EtcdErrors}.
 */
public final class EtcdKvClient implements KvClient {
  private static final long GRACE_MILLIS = 1000;

  private final Client client;
  private final KV kv;
  private final long timeoutMillis;

  /** @param endpoint the member's client address, {@code host:port} */
  public EtcdKvClient(String endpoint, Duration callTimeout) {
    this.timeoutMillis = callTimeout.toMillis();
    this.client = Client.builder()
        .endpoints("http://" + endpoint)
        .retryMaxAttempts(0)
        .waitForReady(false)
        .connectTimeout(Duration.ofSeconds(1))
        .interceptor(deadline(timeoutMillis))
        .build();
    this.kv = client.getKVClient();
  }

  @Override
  public Optional<Long> read(String key, boolean serializable) throws OpException {
    GetResponse response = await(kv.get(bytes(key), GetOption.builder().withSerializable(serializable).build()));
    return response.getKvs().isEmpty() ? Optional.empty()
        : Optional.of(Long.parseLong(response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)));
  }

  @Override
  public void write(String key, long value) throws OpException {
    await(kv.put(bytes(key), bytes(Long.toString(value))));
  }

  @Override
  public boolean compareAndSet(String key, Long expected, long replacement) throws OpException {
    Cmp compare = expected == null ? new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0))
        : new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.value(bytes(Long.toString(expected))));
    return await(kv.txn().If(compare)
        .Then(Op.put(bytes(key), bytes(Long.toString(replacement)), PutOption.DEFAULT))
        .commit()).isSucceeded();
  }

  @Override
  public void create(String key) throws OpException {
    await(kv.put(bytes(key), ByteSequence.EMPTY));
  }

  @Override
  public List<String> listKeys(String prefix) throws OpException {
    GetResponse response = await(kv.get(bytes(prefix), GetOption.builder().isPrefix(true).withKeysOnly(true).build()));
    List<String> keys = new ArrayList<>(response.getKvs().size());
    for (KeyValue kv : response.getKvs()) {
      keys.add(kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length()));
    }
    return keys;
  }

  @Override
  public void close() {
    client.close();
  }

  private <T> T await(CompletableFuture<T> call) throws OpException {
    try {
      return call.get(timeoutMillis + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw EtcdErrors.classify(e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw EtcdErrors.timedOut(timeoutMillis + GRACE_MILLIS, e);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw EtcdErrors.timedOut(timeoutMillis + GRACE_MILLIS, e);
    }
  }

  /** Gives every call a deadline, which jetcd has no option for. */
  private static ClientInterceptor deadline(long millis) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS));
      }
    };
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
