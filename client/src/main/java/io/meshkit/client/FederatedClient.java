package io.meshkit.client;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A client of a federation that follows failovers: it learns the active primary from the clusters'
 * descriptors and sends through a {@link MeshkitClient} of the primary's members. When that cluster
 * refuses a call because it is no longer the primary (a write to a read-only copy: FAILED_PRECONDITION
 * naming the cluster it is replicated from) or cannot be reached, it looks again — asking every cluster
 * it knows for its descriptors and taking the active primary of the highest epoch — and runs the call
 * once more on the new primary. Thread-safe; calls run on the caller's thread.
 */
public final class FederatedClient implements AutoCloseable {
  private final Function<List<String>, MeshkitClient> clients;
  /** Member endpoints of every cluster known: the seeds, then what descriptors told. */
  private final Set<List<String>> known = new LinkedHashSet<>();
  private MeshkitClient current;
  private String active = "";

  private FederatedClient(Function<List<String>, MeshkitClient> clients, List<String> seed) {
    this.clients = clients;
    known.add(List.copyOf(seed));
  }

  /** Starts from the members of any cluster of the federation ({@code seed}); finds the primary at once. */
  public static FederatedClient connect(List<String> seed) {
    return connect(seed, endpoints -> MeshkitClient.builder().endpoints(endpoints).build());
  }

  static FederatedClient connect(List<String> seed, Function<List<String>, MeshkitClient> clients) {
    FederatedClient f = new FederatedClient(clients, seed);
    f.refresh();
    return f;
  }

  /** The active primary's id, as of the last look. */
  public synchronized String activeCluster() {
    return active;
  }

  /** Runs {@code call} on the active primary; once more on the new one if the cluster was superseded. */
  public <T> T call(Function<MeshkitClient, T> call) {
    MeshkitClient client;
    synchronized (this) {
      client = current;
    }
    try {
      return call.apply(client);
    } catch (MeshkitClientException e) {
      if (!superseded(e)) {
        throw e;
      }
      refresh();
      synchronized (this) {
        client = current;
      }
      return call.apply(client);
    }
  }

  /** A refusal that means "not the primary (any more)", or a cluster that cannot be reached. */
  static boolean superseded(MeshkitClientException e) {
    return e.code() == ErrorCode.FAILED_PRECONDITION && e.getMessage().contains("replicated from cluster")
        || e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.NO_LEADER;
  }

  /**
   * Looks for the active primary: every known cluster's descriptors, the active primary of the highest
   * epoch any of them names.
   * @throws MeshkitClientException UNAVAILABLE when no cluster answers, or none names a primary
   */
  public synchronized void refresh() {
    List<ClusterDescriptor> seen = ActivePrimary.ask(known, clients);
    seen.stream().filter(d -> d.getGrpcEndpointsCount() > 0)
        .forEach(d -> known.add(List.copyOf(d.getGrpcEndpointsList())));
    Optional<ClusterDescriptor> primary = ActivePrimary.of(seen);
    if (primary.isEmpty()) {
      throw new MeshkitClientException(ErrorCode.UNAVAILABLE, "no cluster of the federation named an active primary",
          "check the clusters are up and registered: meshctl clusters list", "", true, null);
    }
    if (!primary.get().getId().equals(active) || current == null) {
      if (current != null) {
        current.close();
      }
      current = clients.apply(primary.get().getGrpcEndpointsList());
      active = primary.get().getId();
    }
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
    }
  }
}
