package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.client.snapshot.SnapshotFileWriter;
import io.meshkit.client.snapshot.SnapshotFormatException;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.HashStateResponse;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.raft.Table;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.WatchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup, restore and consistency checks end to end: a snapshot saved through the real gRPC stream
 * while writes continue, restored into a new three-member cluster; state hashes at one revision.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BackupRestoreIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void snapshotDuringWritesRestoresIntoANewClusterAndHashesAgree() throws Exception {
    Path file = dir.resolve("backup.snap");
    Map<String, Long> written = new ConcurrentHashMap<>();  // key → revision of its last put
    long[] lease = new long[1];
    MiniCluster.run(3, dir.resolve("a"), MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
        for (int i = 0; i < 200; i++) {
          put(client, written, "k/" + String.format("%03d", i), "v" + i, 0);
        }
        lease[0] = client.grantLease(Duration.ofMinutes(10)).getId();
        put(client, written, "leased", "held", lease[0]);
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("node-1")
            .addEndpoints("10.0.0.1:8080").setZone("zone-1")).build());
        client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
            .setName("orders").setShardCount(8).setReplicationFactor(1)
            .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())))
            .build());

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
          for (int i = 0; writing.get(); i++) {
            put(client, written, "live/" + i, "x" + i, 0);
          }
        });
        writer.start();
        try {
          waitForWrites(written, 230);
          save(client, cluster.clientEndpoint(1), file);
          waitForWrites(written, written.size() + 20);
        } finally {
          writing.set(false);
          writer.join();
        }

        SnapshotFile.Summary saved = SnapshotFile.verify(file);
        assertEquals(SnapshotFile.FORMAT_VERSION, saved.header().getFormatVersion());
        assertEquals("n2", saved.header().getMemberId());
        assertTrue(written.values().stream().anyMatch(r -> r > saved.header().getRevision()),
            "writes continued after the snapshot's revision");

        assertHashesAgree(client, cluster.clientEndpoints());
        refusesDamagedSnapshots(file);
        detectsATamperedMember(cluster, client);
      }
    });

    long revision = SnapshotFile.verify(file).header().getRevision();
    MiniCluster.Options restored = MiniCluster.Options.defaults().withClusterName("restored");
    MiniCluster.run(3, dir.resolve("b"), restored, (peers, dirs) -> {
      for (Path member : dirs) {
        MemberRestore.restore(file, member);
      }
    }, cluster -> {
      try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
        Map<String, KeyValue> all = new java.util.HashMap<>();
        for (KeyValue kv : client.range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {0}))
            .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build()).getKvsList()) {
          all.put(kv.getKey().toStringUtf8(), kv);
        }
        int before = 0;
        for (Map.Entry<String, Long> w : written.entrySet()) {
          KeyValue kv = all.get(w.getKey());
          if (w.getValue() <= revision) {
            before++;
            assertTrue(kv != null, w.getKey() + " (revision " + w.getValue() + ") is in the snapshot");
            assertEquals(w.getValue().longValue(), kv.getModRevision(), w.getKey());
          } else {
            assertTrue(kv == null, w.getKey() + " was written at " + w.getValue() + ", after the snapshot's "
                + revision);
          }
        }
        assertEquals(before, all.size(), "exactly the keys written up to the snapshot's revision");
        assertEquals("v7", all.get("k/007").getValue().toStringUtf8());
        assertEquals(lease[0], all.get("leased").getLease());
        assertTrue(client.leaseTimeToLive(lease[0], true).getTtlMs() > 0, "the lease survived the restore");
        assertEquals(8, client.registry().getNamespace(GetNamespaceRequest.newBuilder().setName("orders").build())
            .getNamespace().getShardCount());

        watchReplaysHistoryFromBeforeTheRestore(cluster, written.get("k/150"));
        PutResponse next = client.put("after-restore", "yes");
        assertTrue(next.getHeader().getRevision() > revision,
            "a new write's revision " + next.getHeader().getRevision() + " is above the snapshot's " + revision);
        assertHashesAgree(client, cluster.clientEndpoints());
      }
    });
  }

  /** The events table came along: a watch from a revision before the snapshot replays that history. */
  private static void watchReplaysHistoryFromBeforeTheRestore(MiniCluster cluster, long putAt) throws Exception {
    java.util.concurrent.CompletableFuture<Event> first = new java.util.concurrent.CompletableFuture<>();
    Watch watch = cluster.node(0).watch(new WatchSpec(Table.KV, "k/150".getBytes(), null, true, 1),
        new WatchListener() {
          @Override
          public void onEvents(long revision, List<Event> events) {
            first.complete(events.get(0));
          }

          @Override
          public void onProgress(long revision) {}

          @Override
          public void onCanceled(ErrorCode code, String reason, long compactRevision) {
            first.completeExceptionally(new AssertionError("watch canceled: " + code + " " + reason));
          }
        });
    try {
      Event event = first.get(60, TimeUnit.SECONDS);
      assertEquals(Event.EventType.PUT, event.getType());
      assertEquals(putAt, event.getKv().getModRevision());
      assertEquals("v150", event.getKv().getValue().toStringUtf8());
    } finally {
      watch.cancel("test done");
    }
  }

  private static void put(MeshkitClient client, Map<String, Long> written, String key, String value, long lease) {
    PutResponse r = client.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8(value)).setLease(lease).build());
    written.put(key, r.getHeader().getRevision());
  }

  private static void waitForWrites(Map<String, Long> written, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (written.size() < count) {
      assertTrue(System.nanoTime() < deadline, "writes stalled at " + written.size());
      Thread.sleep(20);
    }
  }

  private static void save(MeshkitClient client, String endpoint, Path file) throws Exception {
    try (SnapshotFileWriter writer = SnapshotFileWriter.create(file)) {
      client.maintenance().snapshot(endpoint, chunk -> {
        if (chunk.hasTrailer()) {
          writer.finish(chunk.getTrailer());
        } else {
          writer.write(chunk);
        }
      });
    }
  }

  /** Marks, asks every endpoint; returns the answers in endpoint order after asserting they agree. */
  private static List<HashStateResponse> assertHashesAgree(MeshkitClient client, List<String> endpoints) {
    List<HashStateResponse> hashes = hashes(client, endpoints);
    for (HashStateResponse h : hashes) {
      assertEquals(hashes.get(0).getRevision(), h.getRevision());
      assertEquals(hashes.get(0).getSha256(), h.getSha256(), "member " + h.getHeader().getMemberId());
      assertEquals(32, h.getSha256().size());
    }
    return hashes;
  }

  private static List<HashStateResponse> hashes(MeshkitClient client, List<String> endpoints) {
    long revision = client.maintenance().markHash().getRevision();
    List<HashStateResponse> hashes = new ArrayList<>();
    for (String endpoint : endpoints) {
      hashes.add(client.maintenance().hashState(endpoint, revision, WAIT));
    }
    return hashes;
  }

  private void refusesDamagedSnapshots(Path file) throws Exception {
    byte[] good = Files.readAllBytes(file);
    byte[] corrupt = good.clone();
    corrupt[good.length / 2] ^= 0x5a;
    Path corruptFile = Files.write(dir.resolve("corrupt.snap"), corrupt);
    Path truncatedFile = Files.write(dir.resolve("truncated.snap"), java.util.Arrays.copyOf(good, good.length - 40));
    for (Path damaged : List.of(corruptFile, truncatedFile)) {
      Path target = dir.resolve("restore-" + damaged.getFileName());
      SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
          () -> MemberRestore.restore(damaged, target));
      assertTrue(e.getMessage().startsWith("not a valid snapshot: " + damaged), e.getMessage());
      assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("truncated"), e.getMessage());
      assertFalse(Files.exists(target), "nothing written for " + damaged);
    }
    Path used = Files.createDirectories(dir.resolve("in-use"));
    Files.writeString(used.resolve("keep.txt"), "mine");
    ConfigException e = assertThrows(ConfigException.class, () -> MemberRestore.restore(file, used));
    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    assertEquals(List.of(used.resolve("keep.txt")), Files.list(used).toList());
  }

  private static void detectsATamperedMember(MiniCluster cluster, MeshkitClient client) throws Exception {
    cluster.stop(2);
    StoreTampering.put(cluster.dataDir(2), Table.KV, "tampered".getBytes(), "not replicated".getBytes());
    cluster.restart(2);
    cluster.awaitLeader(WAIT);
    List<HashStateResponse> hashes = hashes(client, cluster.clientEndpoints());
    assertEquals(hashes.get(0).getSha256(), hashes.get(1).getSha256());
    assertNotEquals(hashes.get(0).getSha256(), hashes.get(2).getSha256(), "the tampered member's hash differs");
    assertEquals(hashes.get(0).getKeyCount() + 1, hashes.get(2).getKeyCount());
  }
}
