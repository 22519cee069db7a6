package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.DiffRequest;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import io.meshkit.proto.v1.GetShardRequest;
import io.meshkit.proto.v1.GetShardResponse;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.RegistryWatchResponse;
import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.ResolveKeyResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shard and node registry on a real three-member quorum, through gRPC and REST. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RegistryIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static RegistryGrpc.RegistryBlockingStub registry(KvStubs stubs, int member) {
    return RegistryGrpc.newBlockingStub(stubs.channel(member)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Three nodes, namespace "orders" of 64 shards with 3 replicas, shards created. */
  private static void setUp(RegistryGrpc.RegistryBlockingStub r) {
    for (int i = 1; i <= 3; i++) {
      r.registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("node-" + i)
          .addEndpoints("10.0.0." + i + ":8080").setZone("zone-" + i)).build());
    }
    r.createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder().setName("orders")
        .setShardCount(64).setReplicationFactor(3)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())))
        .build());
    r.createShards(CreateShardsRequest.newBuilder().setNamespace("orders").build());
  }

  private static TransferShardRequest transfer(int shard, String to, long expectedEpoch) {
    return TransferShardRequest.newBuilder().setNamespace("orders").setShardId(shard).setTo(to)
        .setExpectedEpoch(expectedEpoch).setChange(ChangeInfo.newBuilder().setActor("it")).build();
  }

  private static HttpResponse<String> http(String method, String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void concurrentTransfersWithTheSameExpectedEpochHaveExactlyOneWinner() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      cluster.awaitLeader(Duration.ofSeconds(30));
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        setUp(registry(stubs, 0));
        Shard before = registry(stubs, 1).getShard(GetShardRequest.newBuilder().setNamespace("orders")
            .setShardId(7).build()).getShard();
        List<String> targets = before.getReplicasList().subList(1, 3);
        List<CompletableFuture<Object>> attempts = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 6; i++) {
          int member = i % 3;
          String to = targets.get(i % 2);
          attempts.add(CompletableFuture.supplyAsync(() -> {
            try {
              go.await();
              return registry(stubs, member).transferShard(transfer(7, to, before.getEpoch()));
            } catch (StatusRuntimeException e) {
              return ErrorCodes.detailOf(e).getCode();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }));
        }
        go.countDown();
        int won = 0;
        for (CompletableFuture<Object> a : attempts) {
          Object outcome = a.get(30, TimeUnit.SECONDS);
          if (outcome instanceof MutationResponse) {
            won++;
          } else {
            assertEquals(ErrorCode.CONFLICT, outcome, "a loser sees the epoch conflict");
          }
        }
        assertEquals(1, won, "exactly one transfer at epoch " + before.getEpoch() + " wins");
        Shard after = registry(stubs, 2).getShard(GetShardRequest.newBuilder().setNamespace("orders").setShardId(7)
            .build()).getShard();
        assertEquals(before.getEpoch() + 1, after.getEpoch());
        assertTrue(targets.contains(after.getOwner()), after.toString());
      }
    });
  }

  @Test
  void watchDiffAndAuditAgreeAndADryRunChangesNothing() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      cluster.awaitLeader(Duration.ofSeconds(30));
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        RegistryGrpc.RegistryBlockingStub r = registry(stubs, 0);
        setUp(r);
        Shard shard = r.getShard(GetShardRequest.newBuilder().setNamespace("orders").setShardId(3).build()).getShard();
        long start = r.getShard(GetShardRequest.newBuilder().setNamespace("orders").setShardId(3).build())
            .getHeader().getRevision();

        BlockingQueue<RegistryWatchResponse> watched = new LinkedBlockingQueue<>();
        RegistryGrpc.newStub(stubs.channel(1)).watch(RegistryWatchRequest.newBuilder().setStartRevision(start + 1)
            .setNamespace("orders").setShardsOnly(true).build(), new StreamObserver<>() {
              @Override
              public void onNext(RegistryWatchResponse value) {
                watched.add(value);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });

        String to = shard.getReplicas(1);
        MutationResponse dry = r.transferShard(transfer(3, to, shard.getEpoch()).toBuilder().setDryRun(true).build());
        assertTrue(dry.getDryRun());
        assertEquals(0, dry.getAudit().getRevision());
        assertEquals(to, dry.getAudit().getChanges(0).getAfter().getShard().getOwner());
        assertEquals(shard, r.getShard(GetShardRequest.newBuilder().setNamespace("orders").setShardId(3).build())
            .getShard(), "a dry run changes nothing");

        MutationResponse done = r.transferShard(transfer(3, to, shard.getEpoch()));
        long revision = done.getHeader().getRevision();
        assertEquals(revision, done.getAudit().getRevision());
        Shard after = done.getAudit().getChanges(0).getAfter().getShard();
        assertEquals(dry.getAudit().getChanges(0).getAfter().getShard().toBuilder().setModRevision(0).build(),
            after.toBuilder().setModRevision(0).build(), "the dry run previewed exactly what applied");

        RegistryWatchResponse event;
        do {
          event = watched.poll(10, TimeUnit.SECONDS);
          assertTrue(event != null, "the watch delivers the transfer");
        } while (event.getProgressNotify());
        assertEquals(revision, event.getHeader().getRevision());
        assertEquals(1, event.getEventsCount());
        RegistryEvent e = event.getEvents(0);
        assertEquals(revision, e.getRevision());
        assertEquals(after, e.getObject().getShard(), "watch and audit carry the same state");

        DiffResponse diff = r.diff(DiffRequest.newBuilder().setFromRevision(start).setNamespace("orders").build());
        assertEquals(1, diff.getChangesCount());
        assertEquals(shard, diff.getChanges(0).getBefore());
        assertEquals(after, diff.getChanges(0).getAfter());
        assertTrue(diff.getChanges(0).getOwnerChanged());
        assertEquals(List.of(done.getAudit()), r.listAudit(ListAuditRequest.newBuilder().setFromRevision(start)
            .build()).getRecordsList());
      }
    });
  }

  @Test
  void restAndGrpcGiveTheSameAnswers() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      cluster.awaitLeader(Duration.ofSeconds(30));
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        RegistryGrpc.RegistryBlockingStub r = registry(stubs, 0);
        setUp(r);
        String admin = "http://" + cluster.adminEndpoint(2) + "/control";

        ResolveKeyResponse viaGrpc = r.resolveKey(ResolveKeyRequest.newBuilder().setNamespace("orders")
            .setKey("customer-42").build());
        HttpResponse<String> resolved = http("GET", admin + "/resolve?namespace=orders&key=customer-42", null);
        assertEquals(200, resolved.statusCode(), resolved.body());
        ResolveKeyResponse.Builder viaRest = ResolveKeyResponse.newBuilder();
        JsonFormat.parser().merge(resolved.body(), viaRest);
        assertEquals(viaGrpc.getShard(), viaRest.getShard());
        assertEquals(viaGrpc.getOwner(), viaRest.getOwner());
        assertEquals("10.0.0." + viaGrpc.getOwner().getId().substring(5) + ":8080", viaRest.getOwner().getEndpoints(0));

        Shard shard = viaGrpc.getShard();
        String body = "{\"to\": \"" + shard.getReplicas(1) + "\", \"expected_epoch\": " + shard.getEpoch()
            + ", \"change\": {\"actor\": \"rest\", \"reason\": \"test\"}}";
        HttpResponse<String> moved = http("POST", admin + "/shards/orders/" + shard.getShardId() + "/transfer", body);
        assertEquals(200, moved.statusCode(), moved.body());
        GetShardResponse viaGrpcAfter = r.getShard(GetShardRequest.newBuilder().setNamespace("orders")
            .setShardId(shard.getShardId()).build());
        assertEquals(shard.getReplicas(1), viaGrpcAfter.getShard().getOwner());
        HttpResponse<String> got = http("GET", admin + "/shards/orders/" + shard.getShardId(), null);
        GetShardResponse.Builder viaRestAfter = GetShardResponse.newBuilder();
        JsonFormat.parser().merge(got.body(), viaRestAfter);
        assertEquals(viaGrpcAfter.getShard(), viaRestAfter.getShard());

        HttpResponse<String> stale = http("POST", admin + "/shards/orders/" + shard.getShardId() + "/transfer", body);
        assertEquals(409, stale.statusCode(), stale.body());
        ErrorDetail.Builder detail = ErrorDetail.newBuilder();
        JsonFormat.parser().merge(stale.body(), detail);
        assertEquals(ErrorCode.CONFLICT, detail.getCode());
        assertTrue(detail.getMessage().contains("epoch"), detail.getMessage());

        HttpResponse<String> missing = http("GET", admin + "/namespaces/nope", null);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"NOT_FOUND\""), missing.body());
        HttpResponse<String> bad = http("POST", admin + "/nodes", "{\"node\": {\"id\": \"n\", \"weight\": 2}}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("weight"), "names the unknown field: " + bad.body());
        assertFalse(bad.body().contains("Exception"), "no stack trace or exception class: " + bad.body());

        HttpResponse<String> dryRegister = http("POST", admin + "/nodes?dry_run=true",
            "{\"node\": {\"id\": \"node-4\", \"endpoints\": [\"h:1\"]}}");
        assertEquals(200, dryRegister.statusCode(), dryRegister.body());
        assertTrue(dryRegister.body().contains("\"dry_run\": true"), dryRegister.body());
        assertEquals(404, http("GET", admin + "/nodes/node-4", null).statusCode(), "the dry run registered nothing");
      }
    });
  }
}
