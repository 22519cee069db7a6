package io.meshkit.registry.shards;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.Bytes;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Typed reads of the registry table, the same at apply time (seeing the entry's own writes) and for
 * client reads (a point-in-time view). A record that does not parse is an internal failure.
 */
final class RegistryState {
  private RegistryState() {}

  static Optional<Namespace> namespace(KeyValueReader state, String name) {
    return state.get(Table.REGISTRY, RegistryKeys.namespace(name)).map(v -> parse(Namespace.parser(), v));
  }

  static List<Namespace> namespaces(KeyValueReader state) {
    return scan(state, RegistryKeys.NAMESPACES, Namespace.parser(), n -> true, Integer.MAX_VALUE);
  }

  static Optional<Shard> shard(KeyValueReader state, String namespace, int shardId) {
    return state.get(Table.REGISTRY, RegistryKeys.shard(namespace, shardId)).map(v -> parse(Shard.parser(), v));
  }

  /** Shards of {@code namespace} (empty = all) from {@code fromKey} on, matching, at most {@code limit}. */
  static List<Shard> shards(KeyValueReader state, String namespace, byte[] fromKey, Predicate<Shard> matching,
      int limit) {
    byte[] prefix = namespace.isEmpty() ? RegistryKeys.SHARDS : RegistryKeys.shardPrefix(namespace);
    return scanFrom(state, prefix, fromKey, Shard.parser(), matching, limit);
  }

  static List<Shard> shards(KeyValueReader state, String namespace) {
    return shards(state, namespace, null, s -> true, Integer.MAX_VALUE);
  }

  static Optional<Node> node(KeyValueReader state, String id) {
    return state.get(Table.REGISTRY, RegistryKeys.node(id)).map(v -> parse(Node.parser(), v));
  }

  static List<Node> nodes(KeyValueReader state) {
    return scan(state, RegistryKeys.NODES, Node.parser(), n -> true, Integer.MAX_VALUE);
  }

  static Optional<ClusterDescriptor> cluster(KeyValueReader state, String id) {
    return state.get(Table.REGISTRY, RegistryKeys.cluster(id)).map(v -> parse(ClusterDescriptor.parser(), v));
  }

  /** Every cluster descriptor, by id. */
  static List<ClusterDescriptor> clusters(KeyValueReader state) {
    return scan(state, RegistryKeys.CLUSTERS, ClusterDescriptor.parser(), c -> true, Integer.MAX_VALUE);
  }

  private static <T extends Message> List<T> scan(KeyValueReader state, byte[] prefix, Parser<T> parser,
      Predicate<T> matching, int limit) {
    return scanFrom(state, prefix, null, parser, matching, limit);
  }

  private static <T extends Message> List<T> scanFrom(KeyValueReader state, byte[] prefix, byte[] fromKey,
      Parser<T> parser, Predicate<T> matching, int limit) {
    List<T> out = new ArrayList<>();
    byte[] from = fromKey == null || Bytes.ORDER.compare(fromKey, prefix) < 0 ? prefix : fromKey;
    state.scan(Table.REGISTRY, from, Bytes.prefixEnd(prefix), (key, value) -> {
      T record = parse(parser, value);
      if (matching.test(record)) {
        out.add(record);
      }
      return out.size() < limit;
    });
    return out;
  }

  static <T> T parse(Parser<T> parser, byte[] value) {
    try {
      return parser.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable registry record: " + e.getMessage(), e);
    }
  }
}
