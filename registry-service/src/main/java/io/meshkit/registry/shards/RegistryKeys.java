package io.meshkit.registry.shards;

import io.meshkit.raft.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the {@link io.meshkit.raft.Table#REGISTRY} and {@link io.meshkit.raft.Table#AUDIT} tables.
 * Stored on disk: never change them. Shard keys sort by namespace, then numerically by shard id.
 */
final class RegistryKeys {
  static final byte[] NAMESPACES = bytes("n/");
  static final byte[] SHARDS = bytes("s/");
  static final byte[] NODES = bytes("o/");
  /** Cluster descriptors of the federation (cluster-federation writes them through RegistryAccess). */
  static final byte[] CLUSTERS = bytes("c/");

  private RegistryKeys() {}

  static byte[] namespace(String name) {
    return concat(NAMESPACES, bytes(name));
  }

  static byte[] cluster(String id) {
    return concat(CLUSTERS, bytes(id));
  }

  static byte[] node(String id) {
    return concat(NODES, bytes(id));
  }

  static byte[] shard(String namespace, int shardId) {
    return ByteBuffer.allocate(shardPrefix(namespace).length + 4).put(shardPrefix(namespace)).putInt(shardId).array();
  }

  /** Every shard key of {@code namespace} starts with this. */
  static byte[] shardPrefix(String namespace) {
    return concat(SHARDS, bytes(namespace), new byte[] {0});
  }

  static byte[] audit(long revision) {
    return Bytes.longKey(revision);
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    for (byte[] p : parts) {
      buffer.put(p);
    }
    return buffer.array();
  }
}
