package io.meshkit.rebalancer.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.raft.Bytes;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.Table;
import io.meshkit.raft.WatchSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of the rebalance table, the same at apply time and for client reads. A record that
 * does not parse is an internal failure.
 */
public final class RebalanceStore {
  private RebalanceStore() {}

  public static Optional<RebalancePlan> plan(KeyValueReader state, String namespace, long id) {
    return state.get(Table.REBALANCE, RebalanceKeys.plan(namespace, id)).map(v -> parse(RebalancePlan.parser(), v));
  }

  /** The namespace's state; STEADY with no plans when it never had one. */
  public static NamespaceRebalance namespace(KeyValueReader state, String namespace) {
    return state.get(Table.REBALANCE, RebalanceKeys.namespace(namespace))
        .map(v -> parse(NamespaceRebalance.parser(), v))
        .orElse(NamespaceRebalance.newBuilder().setNamespace(namespace).setState(RebalanceState.REBALANCE_STEADY)
            .build());
  }

  /** Every namespace that has a rebalance record, by name. */
  public static List<NamespaceRebalance> namespaces(KeyValueReader state) {
    List<NamespaceRebalance> out = new ArrayList<>();
    state.scan(Table.REBALANCE, RebalanceKeys.NAMESPACES, Bytes.prefixEnd(RebalanceKeys.NAMESPACES), (k, v) -> {
      out.add(parse(NamespaceRebalance.parser(), v));
      return true;
    });
    return out;
  }

  /** Plans of {@code namespace} (empty = every namespace), newest (highest id) first, at most {@code limit}. */
  public static List<RebalancePlan> plans(KeyValueReader state, String namespace, int limit) {
    byte[] prefix = namespace.isEmpty() ? RebalanceKeys.PLANS : RebalanceKeys.planPrefix(namespace);
    List<RebalancePlan> out = new ArrayList<>();
    state.scan(Table.REBALANCE, prefix, Bytes.prefixEnd(prefix), (k, v) -> {
      out.add(parse(RebalancePlan.parser(), v));
      return true;
    });
    out.sort(Comparator.comparingLong(RebalancePlan::getId).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /** Changes of one plan from {@code start} (0 = from now). */
  public static WatchSpec planChanges(String namespace, long id, long start) {
    return new WatchSpec(Table.REBALANCE, RebalanceKeys.plan(namespace, id), null, true, start);
  }

  /** Changes of every plan and namespace state from {@code start}. */
  public static WatchSpec allChanges(long start) {
    return new WatchSpec(Table.REBALANCE, new byte[0], null, false, start);
  }

  /** The plan a rebalance-table event carries, if it is a plan record. */
  public static Optional<RebalancePlan> planOf(byte[] key, byte[] value) {
    if (value == null || value.length == 0 || key.length < RebalanceKeys.PLANS.length
        || !java.util.Arrays.equals(key, 0, RebalanceKeys.PLANS.length, RebalanceKeys.PLANS, 0,
            RebalanceKeys.PLANS.length)) {
      return Optional.empty();
    }
    return Optional.of(parse(RebalancePlan.parser(), value));
  }

  /** The namespace state a rebalance-table event carries, if it is a namespace record. */
  public static Optional<NamespaceRebalance> namespaceOf(byte[] key, byte[] value) {
    if (value == null || value.length == 0 || key.length < RebalanceKeys.NAMESPACES.length
        || !java.util.Arrays.equals(key, 0, RebalanceKeys.NAMESPACES.length, RebalanceKeys.NAMESPACES, 0,
            RebalanceKeys.NAMESPACES.length)) {
      return Optional.empty();
    }
    return Optional.of(parse(NamespaceRebalance.parser(), value));
  }

  static <T> T parse(Parser<T> parser, byte[] value) {
    try {
      return parser.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable rebalance record: " + e.getMessage(), e);
    }
  }
}
