package io.meshkit.jepsen.workload;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Creates what the registry workloads work on, before their clients start: the registry nodes
 * ({@link #NODES}, ids of the registry's own, unrelated to the cluster's members, or the members
 * themselves) and a namespace of its own with its shards. A node registered already (by an earlier
 * run on the same cluster) gets the endpoints this run gives it. Each step is retried, node after
 * node, until acknowledged: an unknown outcome followed by ALREADY_EXISTS means the first attempt
 * applied.
 */
final class RegistrySetup {
  /** The registry nodes shards move between. */
  static final List<String> NODES = IntStream.rangeClosed(1, 5).mapToObj(i -> "node-" + i).toList();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** One registry call that either applies or throws. */
  @FunctionalInterface
  private interface Step {
    void run(RegistryNodeClient client) throws KvClient.OpException;
  }

  private RegistrySetup() {}

  /**
   * Registers {@link #NODES}, creates {@code namespace} with {@code shards} shards of {@code replicas}
   * replicas (rendezvous hashing) and creates its shards, every shard at epoch 1.
   */
  static void create(List<String> endpoints, Duration callTimeout, String namespace, int shards, int replicas)
      throws InterruptedException {
    create(endpoints, callTimeout, NODES, Namespace.newBuilder().setName(namespace).setShardCount(shards)
        .setReplicationFactor(replicas).build());
  }

  /**
   * Registers {@code nodes} (zone "zone-" + the id's last character) and creates {@code namespace}
   * (rendezvous hashing) and its shards, every shard at epoch 1.
   */
  static void create(List<String> endpoints, Duration callTimeout, List<String> nodes, Namespace namespace)
      throws InterruptedException {
    Map<String, String> dataEndpoints = new LinkedHashMap<>();
    nodes.forEach(id -> dataEndpoints.put(id, "jepsen." + id + ":7000"));
    create(endpoints, callTimeout, dataEndpoints, namespace);
  }

  /**
   * Registers every node of {@code dataEndpoints} (id to its one data endpoint, where a relay sends
   * the requests it routes there; zone "zone-" + the id's last character) and creates
   * {@code namespace} (rendezvous hashing) and its shards, every shard at epoch 1.
   */
  static void create(List<String> endpoints, Duration callTimeout, Map<String, String> dataEndpoints,
      Namespace namespace) throws InterruptedException {
    for (Map.Entry<String, String> node : dataEndpoints.entrySet()) {
      String id = node.getKey();
      apply(endpoints, callTimeout, "register " + id, c -> c.registerOrUpdateNode(Node.newBuilder().setId(id)
          .addEndpoints(node.getValue()).setZone("zone-" + id.substring(id.length() - 1)).build()));
    }
    apply(endpoints, callTimeout, "create namespace " + namespace.getName(), c -> c.createNamespace(
        namespace.toBuilder().setHashing(HashingStrategy.newBuilder()
            .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())).build()));
    apply(endpoints, callTimeout, "create the shards of " + namespace.getName(),
        c -> c.createShards(namespace.getName()));
  }

  private static void apply(List<String> endpoints, Duration callTimeout, String what, Step step)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (int attempt = 0; ; attempt++) {
      try (RegistryNodeClient client = new RegistryNodeClient(endpoints.get(attempt % endpoints.size()),
          callTimeout)) {
        step.run(client);
        return;
      } catch (KvClient.OpException e) {
        if (RegistryNodeClient.code(e) == ErrorCode.ALREADY_EXISTS) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("setup: could not " + what + " within " + PATIENCE.toSeconds() + " s: "
              + e.getMessage(), e);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }
}
