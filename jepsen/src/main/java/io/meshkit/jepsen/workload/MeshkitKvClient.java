package io.meshkit.jepsen.workload;

import com.google.protobuf.ByteString;
import io.meshkit.client.KeyRanges;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link KvClient} over MeshKit's Java client, bound to one node (Jepsen binds each client process
 * to a node, so a partitioned node's answers reach the history). The client's own retries stay on:
 * they are part of what is tested.
 */
public final class MeshkitKvClient implements KvClient {
  private final MeshkitClient client;

  public MeshkitKvClient(String endpoint, Duration callTimeout) {
    this.client = MeshkitClient.builder().endpoints(List.of(endpoint)).callTimeout(callTimeout).build();
  }

  @Override
  public Optional<Long> read(String key, boolean serializable) throws OpException {
    RangeResponse response = call(() -> client.range(RangeRequest.newBuilder().setKey(utf8(key))
        .setSerializable(serializable).build()));
    return response.getKvsCount() == 0 ? Optional.empty()
        : Optional.of(Long.parseLong(response.getKvs(0).getValue().toStringUtf8()));
  }

  @Override
  public void write(String key, long value) throws OpException {
    call(() -> client.put(key, Long.toString(value)));
  }

  @Override
  public boolean compareAndSet(String key, Long expected, long replacement) throws OpException {
    Compare.Builder compare = Compare.newBuilder().setKey(utf8(key));
    if (expected == null) {
      compare.setTarget(Compare.CompareTarget.VERSION).setResult(Compare.CompareResult.EQUAL).setVersion(0);
    } else {
      compare.setTarget(Compare.CompareTarget.VALUE).setResult(Compare.CompareResult.EQUAL)
          .setValue(utf8(Long.toString(expected)));
    }
    TxnRequest txn = TxnRequest.newBuilder().addCompare(compare)
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(utf8(key))
            .setValue(utf8(Long.toString(replacement)))))
        .build();
    return call(() -> client.txn(txn)).getSucceeded();
  }

  @Override
  public void create(String key) throws OpException {
    call(() -> client.put(key, ""));
  }

  @Override
  public List<String> listKeys(String prefix) throws OpException {
    RangeResponse response = call(() -> client.range(RangeRequest.newBuilder().setKey(utf8(prefix))
        .setRangeEnd(KeyRanges.prefixEnd(utf8(prefix))).setKeysOnly(true).build()));
    List<String> keys = new ArrayList<>(response.getKvsCount());
    for (KeyValue kv : response.getKvsList()) {
      keys.add(kv.getKey().toStringUtf8().substring(prefix.length()));
    }
    return keys;
  }

  @Override
  public void close() {
    client.close();
  }

  private static <T> T call(Supplier<T> request) throws OpException {
    try {
      return request.get();
    } catch (MeshkitClientException e) {
      throw new OpException(e.code() + ": " + e.getMessage(), e.hadNoEffect(), e);
    }
  }

  private static ByteString utf8(String text) {
    return ByteString.copyFromUtf8(text);
  }
}
