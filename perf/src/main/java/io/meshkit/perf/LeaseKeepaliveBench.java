package io.meshkit.perf;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.meshkit.client.Endpoints;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.LeaseGrantRequest;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.LeaseKeepAliveRequest;
import io.meshkit.proto.v1.LeaseKeepAliveResponse;
import io.meshkit.proto.v1.MemberStatusResponse;
import io.meshkit.proto.v1.PutRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lease scale claim, measured: N leases renewed every second by their holders cost no Raft
 * writes and leave write latency where it was. Against a running cluster (e.g. {@code bin/meshkit
 * dev up}):
 *
 * <pre>java -cp ... io.meshkit.perf.LeaseKeepaliveBench [endpoints] [leases] [seconds]</pre>
 *
 * <p>Phase 1 measures put latency alone; phase 2 the same puts while every lease is renewed once a
 * second over a few keepalive streams. For each phase it reports put latency percentiles, the
 * keepalive rate achieved, and how many Raft entries the leader committed beyond the puts.
 */
public final class LeaseKeepaliveBench {
  private static final int PUTS_PER_SECOND = 100;
  private static final int STREAMS = 8;
  /** Long enough that granting all leases (a Raft write each) finishes before the first expires. */
  private static final long TTL_MS = 60_000;

  private LeaseKeepaliveBench() {}

  public static void main(String[] args) throws Exception {
    String endpoints = args.length > 0 ? args[0] : "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";
    int leases = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    List<String> members = Endpoints.parse(endpoints);
    try (MeshkitClient client = MeshkitClient.builder().endpoints(members).callTimeout(Duration.ofSeconds(10))
        .build()) {
      StringBuilder report = new StringBuilder();
      report.append("# Lease keepalive benchmark — ").append(Instant.now()).append("\n\n")
          .append("Endpoints ").append(endpoints).append("; ").append(leases).append(" leases renewed every 1 s over ")
          .append(STREAMS).append(" streams; ").append(PUTS_PER_SECOND).append(" puts/s for ").append(seconds)
          .append(" s per phase.\n\n")
          .append("| phase | puts | put p50 ms | put p99 ms | keepalives/s | Raft entries beyond the puts |\n")
          .append("|---|---|---|---|---|---|\n");
      report.append(phase("puts only", client, members, List.of(), seconds));
      List<Long> ids = grant(client, leases);
      report.append(phase("puts + keepalives", client, members, ids, seconds));
      System.out.print(report);
      Path out = Path.of("perf", "target", "reports");
      Files.createDirectories(out);
      Files.writeString(out.resolve("lease-keepalive.md"), report);
      for (long id : ids) {
        try {
          client.revokeLease(id);
        } catch (RuntimeException alreadyGone) {
          // expired during the run: nothing to clean up
        }
      }
    }
  }

  private static List<Long> grant(MeshkitClient client, int count) throws InterruptedException {
    List<Long> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
    Semaphore inFlight = new Semaphore(64);
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      CompletableFuture.runAsync(() -> {
        try {
          ids.add(client.grantLease(LeaseGrantRequest.newBuilder().setTtlMs(TTL_MS).build()).getId());
        } finally {
          inFlight.release();
        }
      });
    }
    inFlight.acquire(64);
    return new ArrayList<>(ids);
  }

  private static String phase(String name, MeshkitClient client, List<String> members, List<Long> leases, int seconds)
      throws Exception {
    long before = leaderCommitIndex(client, members);
    Keepalives keepalives = leases.isEmpty() ? null : new Keepalives(members, leases);
    LatencyRecorder latency = new LatencyRecorder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long interval = TimeUnit.SECONDS.toNanos(1) / PUTS_PER_SECOND;
    long next = System.nanoTime();
    int i = 0;
    while (System.nanoTime() < end) {
      long started = System.nanoTime();
      client.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("bench/" + (i++ % 1000)))
          .setValue(ByteString.copyFromUtf8("v")).build());
      latency.record(System.nanoTime() - started);
      next += interval;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        TimeUnit.NANOSECONDS.sleep(sleep);
      }
    }
    double rate = 0;
    if (keepalives != null) {
      rate = keepalives.stop() / (double) seconds;
    }
    long entries = leaderCommitIndex(client, members) - before;
    return String.format("| %s | %d | %.2f | %.2f | %.0f | %d |%n", name, latency.count(), latency.percentileMs(50),
        latency.percentileMs(99), rate, entries - latency.count());
  }

  private static long leaderCommitIndex(MeshkitClient client, List<String> members) {
    for (String m : members) {
      MemberStatusResponse s = client.memberStatus(m);
      if ("LEADER".equals(s.getRole())) {
        return s.getCommitIndex();
      }
    }
    throw new IllegalStateException("no leader among " + members);
  }

  /** Renews every lease once a second, spread over {@link #STREAMS} streams across the members. */
  private static final class Keepalives {
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean running = true;

    Keepalives(List<String> members, List<Long> leases) {
      for (int s = 0; s < STREAMS; s++) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(members.get(s % members.size())).usePlaintext().build();
        channels.add(channel);
        List<Long> mine = new ArrayList<>();
        for (int i = s; i < leases.size(); i += STREAMS) {
          mine.add(leases.get(i));
        }
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel).keepAlive(new StreamObserver<>() {
          @Override
          public void onNext(LeaseKeepAliveResponse r) {
            if (r.getTtlMs() > 0) {
              acknowledged.incrementAndGet();
            }
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
        Thread sender = new Thread(() -> send(requests, mine), "keepalive-" + s);
        sender.setDaemon(true);
        senders.add(sender);
        sender.start();
      }
    }

    private void send(StreamObserver<LeaseKeepAliveRequest> requests, List<Long> mine) {
      long round = System.nanoTime();
      while (running) {
        for (long id : mine) {
          synchronized (requests) {
            requests.onNext(LeaseKeepAliveRequest.newBuilder().setId(id).build());
          }
        }
        round += TimeUnit.SECONDS.toNanos(1);
        long sleep = round - System.nanoTime();
        if (sleep > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(sleep);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      requests.onCompleted();
    }

    long stop() throws InterruptedException {
      running = false;
      for (Thread t : senders) {
        t.join(5_000);
      }
      channels.forEach(ManagedChannel::shutdownNow);
      return acknowledged.get();
    }
  }
}
