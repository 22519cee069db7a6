package io.meshkit.perf.systems;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a workload asks of a system under test, through that system's own client library. One
 * connection per member; every call names the connection ({@code conn}, taken modulo
 * {@link #connections()}), so the generator spreads load over the members in the same way for
 * every system. Futures fail with the client's own exception; {@link #errorCode} names it.
 */
public interface KvTarget extends AutoCloseable {
  /** {@code meshkit} or {@code etcd}. */
  String system();

  int connections();

  /** Writes {@code value} at {@code key}; completes with the revision of the write. */
  CompletableFuture<Long> put(int conn, String key, byte[] value);

  /** Reads one key, linearizable or serializable (the member's local state). */
  CompletableFuture<Void> get(int conn, String key, boolean linearizable);

  /**
   * Writes {@code value} at {@code key} only if the key's mod revision is {@code expectedModRevision}
   * (a transaction with one compare and one put); completes with the new revision, or -1 when the
   * compare failed.
   */
  CompletableFuture<Long> compareAndPut(int conn, String key, long expectedModRevision, byte[] value);

  /**
   * Watches every key under {@code prefix} from now on; {@code onValue} receives each put's value
   * (one call at a time per watch). Closing the handle cancels the watch.
   */
  AutoCloseable watchPrefix(int conn, String prefix, Consumer<byte[]> onValue);

  /** Grants a lease of {@code ttlSeconds}; completes with its id. */
  CompletableFuture<Long> grantLease(int conn, long ttlSeconds);

  /** Revokes a lease (deleting its keys). */
  CompletableFuture<Void> revokeLease(int conn, long id);

  /**
   * Starts renewing every lease in {@code ids} once a second, over {@code streams} keepalive
   * streams spread over the members, until the handle is closed.
   */
  LeaseRenewals renewEverySecond(List<Long> ids, int streams);

  /** A short name for the failure's kind (the system's error code), for the errors-by-code table. */
  String errorCode(Throwable failure);

  @Override
  void close();
}
