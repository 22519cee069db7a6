package io.meshkit.rebalancer.state;

import io.meshkit.raft.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of {@link io.meshkit.raft.Table#REBALANCE}. Stored on disk: never change them. A namespace's
 * plans sort by id, so the newest is last.
 */
final class RebalanceKeys {
  static final byte[] PLANS = bytes("p/");
  static final byte[] NAMESPACES = bytes("n/");

  private RebalanceKeys() {}

  static byte[] planPrefix(String namespace) {
    byte[] ns = bytes(namespace);
    return ByteBuffer.allocate(PLANS.length + ns.length + 1).put(PLANS).put(ns).put((byte) 0).array();
  }

  static byte[] plan(String namespace, long id) {
    byte[] prefix = planPrefix(namespace);
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).put(Bytes.longKey(id)).array();
  }

  static byte[] namespace(String namespace) {
    byte[] ns = bytes(namespace);
    return ByteBuffer.allocate(NAMESPACES.length + ns.length).put(NAMESPACES).put(ns).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
