package io.meshkit.cli;

import io.meshkit.proto.v1.ClusterDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What {@code meshctl clusters} prints: the federation's cluster descriptors (JSON in snake_case). */
final class ClusterViews {
  private ClusterViews() {}

  record ClusterInfo(String id, String role, String state, long epoch, int priority, String region, List<String> zones,
      List<String> grpcEndpoints, List<String> relayEndpoints, Map<String, String> labels, long createRevision,
      long modRevision, long version) implements RegistryViews.Fields {
    static ClusterInfo of(ClusterDescriptor c) {
      return new ClusterInfo(c.getId(), word(c.getRole()), word(c.getState()), c.getEpoch(), c.getPriority(),
          c.getRegion(), c.getZonesList(), c.getGrpcEndpointsList(), c.getRelayEndpointsList(),
          new TreeMap<>(c.getLabelsMap()), c.getCreateRevision(), c.getModRevision(), c.getVersion());
    }

    @Override
    public Map<String, String> fields() {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("role", role);
      f.put("state", state);
      f.put("epoch", Long.toString(epoch));
      f.put("priority", Integer.toString(priority));
      f.put("region", region.isEmpty() ? "-" : region);
      f.put("zones", RegistryText.list(zones));
      f.put("grpc_endpoints", RegistryText.list(grpcEndpoints));
      f.put("relay_endpoints", RegistryText.list(relayEndpoints));
      f.put("labels", RegistryText.labels(labels));
      return f;
    }
  }

  record ClusterDetail(Views.Header header, ClusterInfo cluster) {}

  record ClusterList(Views.Header header, List<ClusterInfo> clusters) {}

  /** A failover: its steps (planned on a dry run), and what the promoted cluster recorded. */
  record Failover(Views.Header header, boolean dryRun, List<String> steps, Record record) {
    /** The promotion: from, to, epoch, forced, and for a forced one what may be lost. */
    record Record(String from, String to, long epoch, boolean forced, long lastReplicated, long lastKnownSource,
        long mayBeLost, long revision) {}

    static Failover of(io.meshkit.proto.v1.FailoverResponse r) {
      io.meshkit.proto.v1.FailoverRecord f = r.getRecord();
      return new Failover(Views.Header.of(r.getHeader()), r.getDryRun(), r.getStepsList(), r.hasRecord()
          ? new Record(f.getFrom(), f.getTo(), f.getEpoch(), f.getForced(), f.getLastReplicated(),
              f.getLastKnownSource(), Math.max(0, f.getLastKnownSource() - f.getLastReplicated()), f.getRevision())
          : null);
    }
  }

  /** {@code CLUSTER_PRIMARY} → {@code primary}, {@code CLUSTER_FAILED_OVER} → {@code failed-over}. */
  static String word(Enum<?> value) {
    return value.name().equals("UNRECOGNIZED") ? "unknown"
        : value.name().replaceFirst("^CLUSTER_(ROLE_|STATE_)?", "").toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
