package io.meshkit.cli;

import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.proto.v1.SnapshotHeader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The documents of {@code meshctl snapshot} and {@code meshctl check} ({@code -o json|yaml}). */
final class MaintenanceViews {
  private MaintenanceViews() {}

  /** A saved or verified snapshot file. */
  record Snapshot(String file, String clusterName, String clusterId, String memberId, long revision, String created,
      long records, long keys, long sizeBytes, String sha256, Map<String, Long> recordsPerTable) {
    static Snapshot of(String file, SnapshotFile.Summary s) {
      SnapshotHeader h = s.header();
      return new Snapshot(file, h.getClusterName(), h.getClusterId(), h.getMemberId(), h.getRevision(),
          Instant.ofEpochMilli(h.getCreatedUnixMs()).toString(), s.trailer().getRecordCount(),
          s.recordsPerTable().getOrDefault("kv", 0L), s.sizeBytes(), s.sha256Hex(), s.recordsPerTable());
    }
  }

  /** One member's state hash at the marker's revision, or why it gave none ({@code error}). */
  record MemberHash(String id, String address, Long revision, String sha256, Long keys, String error) {}

  /** {@code check hash}: consistent when every member answered with the same hash. */
  record HashCheck(long revision, boolean consistent, List<MemberHash> members, List<String> differing) {}
}
