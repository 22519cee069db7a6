package io.meshkit.server;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.KeyValue;
import java.util.Optional;
import java.util.UUID;

/**
 * The KV check: puts a fresh value to the prober's canary key, then reads the key back linearizably
 * and expects that value. The key is always the same one, so the keyspace does not grow.
 */
final class KvCanary implements ProbeCheck {
  private final MeshkitClient client;
  private final String key;

  KvCanary(MeshkitClient client, String key) {
    this.client = client;
    this.key = key;
  }

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public void run() throws ProbeFailure {
    String value = UUID.randomUUID().toString();
    try {
      client.put(key, value);
    } catch (RuntimeException e) {
      throw ProbeFailure.of("put " + key, e);
    }
    Optional<KeyValue> read;
    try {
      read = client.get(key);
    } catch (RuntimeException e) {
      throw ProbeFailure.of("read " + key, e);
    }
    if (read.isEmpty() || !read.get().getValue().toStringUtf8().equals(value)) {
      throw new ProbeFailure("mismatch", "read " + key + " gave " + read.map(kv -> "'" + kv.getValue()
          .toStringUtf8() + "'").orElse("nothing") + " right after putting '" + value + "'");
    }
  }
}
