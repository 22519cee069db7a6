package io.meshkit.jepsen.workload;

import com.google.protobuf.ByteString;
import io.meshkit.client.LeaseKeepAlive;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.leadership.FencedWrite;
import io.meshkit.jepsen.leadership.LeadershipChecker;
import io.meshkit.jepsen.leadership.Tenure;
import io.meshkit.jepsen.report.CheckSection;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.PutRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leases, elections and fencing (MeshKit only). Candidates, each with its own client over every
 * node, loop: grant a lease, keep it alive, campaign for one scope; once elected, hold office for a
 * while, writing a key fenced with the token as long as the lease is certainly valid; then resign.
 * A candidate considers itself leader from the moment its campaign returned until it resigns or its
 * lease's {@code validUntil} passes — whichever comes first. Checked: no two tenures overlap, tokens
 * grow, every accepted fenced write carried the token current at its revision.
 */
public final class LeadershipWorkload implements Workload {
  private static final Duration TTL = Duration.ofSeconds(3);

  private final List<Tenure> tenures = Collections.synchronizedList(new ArrayList<>());
  private final List<FencedWrite> fencedWrites = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong nextValue = new AtomicLong(1);

  @Override
  public String name() {
    return "leadership";
  }

  private static String scope(WorkloadContext ctx) {
    return ctx.keyPrefix() + "office";
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < ctx.concurrency(); c++) {
      int candidate = c;
      Thread thread = new Thread(() -> {
        Random random = new Random(ctx.seed() * 31 + candidate);
        try (MeshkitClient client = ctx.clientFromNode(candidate)) {
          int process = candidate;
          while (System.nanoTime() < deadline) {
            if (term(ctx, client, process, "c" + candidate, random, deadline) == OpType.INFO) {
              process += ctx.concurrency();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "candidate-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** One lease, one campaign and, if elected, one term of office. Returns the campaign's outcome. */
  private OpType term(WorkloadContext ctx, MeshkitClient client, int process, String candidate, Random random,
      long deadline) throws InterruptedException {
    long grantSent = System.nanoTime();
    long lease;
    try {
      lease = client.grantLease(TTL).getId();
    } catch (MeshkitClientException e) {
      TimeUnit.MILLISECONDS.sleep(200);
      return OpType.FAIL;
    }
    LeaseKeepAlive keepAlive = client.keepAlive(lease, TTL, grantSent, new LeaseKeepAlive.Listener() {});
    try {
      Op invoke = ctx.recorder().invoke(process, OpFunction.CAMPAIGN, scope(ctx), null);
      CampaignResponse elected;
      try {
        long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        elected = client.campaign(CampaignRequest.newBuilder().setScope(scope(ctx)).setCandidate(candidate)
            .setLease(lease).build(), Duration.ofMillis(Math.min(wait, 5000)));
      } catch (MeshkitClientException e) {
        return ctx.recorder().unsuccessful(invoke, e.hadNoEffect(), describe(e)).type();
      }
      if (!elected.getElected()) {
        return ctx.recorder().fail(invoke, "not elected within the wait").type();
      }
      long token = elected.getToken();
      Op won = ctx.recorder().ok(invoke, token);
      long from = won.timeNanos();
      Office office = holdOffice(ctx, client, process, keepAlive, elected.getKey(), token, random);
      tenures.add(new Tenure(scope(ctx), candidate, token, from, Math.max(from, office.until())));
      return office.retired() ? OpType.INFO : OpType.OK;
    } finally {
      keepAlive.close();
      try {
        client.revokeLease(lease);
      } catch (MeshkitClientException e) {
        // It expires on its own within the TTL.
      }
    }
  }

  /**
   * How a term of office ended.
   *
   * @param until when the tenure ended: the resignation or the lease's validUntil, whichever came first
   * @param retired a fenced write's outcome is unknown (INFO), so the process must not issue again
   */
  private record Office(long until, boolean retired) {}

  /**
   * Acts as leader — fenced writes every 50-150 ms while the lease is certainly valid — for 0.5-2 s,
   * then resigns (an unknown resignation outcome retires the process). A write refused (FENCED: a successor took office) or unanswered ends the term.
   */
  private Office holdOffice(WorkloadContext ctx, MeshkitClient client, int process, LeaseKeepAlive keepAlive,
      CandidacyKey candidacy, long token, Random random) throws InterruptedException {
    long stepDown = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(1500));
    while (System.nanoTime() < Math.min(stepDown, keepAlive.validUntilNanos())) {
      long value = nextValue.getAndIncrement();
      Op invoke = ctx.recorder().invoke(process, OpFunction.FENCED_WRITE, scope(ctx), token);
      try {
        long revision = client.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(ctx.keyPrefix() + "fenced"))
            .setValue(ByteString.copyFromUtf8(Long.toString(value)))
            .setFence(Fence.newBuilder().setScope(scope(ctx)).setToken(token)).build()).getHeader().getRevision();
        ctx.recorder().ok(invoke, revision);
        fencedWrites.add(new FencedWrite(scope(ctx), token, revision));
      } catch (MeshkitClientException e) {
        long until = Math.min(System.nanoTime(), keepAlive.validUntilNanos());
        ctx.recorder().unsuccessful(invoke, e.hadNoEffect(), describe(e));
        return new Office(until, !e.hadNoEffect());
      }
      TimeUnit.MILLISECONDS.sleep(50 + random.nextInt(100));
    }
    long until = Math.min(System.nanoTime(), keepAlive.validUntilNanos());
    Op resign = ctx.recorder().invoke(process, OpFunction.RESIGN, scope(ctx), token);
    try {
      client.resign(candidacy);
      ctx.recorder().ok(resign, token);
      return new Office(until, false);
    } catch (MeshkitClientException e) {
      // The lease's revocation (or expiry) ends the candidacy anyway.
      ctx.recorder().unsuccessful(resign, e.hadNoEffect(), describe(e));
      return new Office(until, !e.hadNoEffect());
    }
  }

  private static String describe(MeshkitClientException e) {
    return e.code() + ": " + e.getMessage();
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) throws IOException {
    List<Tenure> allTenures = List.copyOf(tenures);
    List<FencedWrite> allWrites = List.copyOf(fencedWrites);
    List<String> anomalies = LeadershipChecker.check(allTenures, allWrites);
    StringBuilder log = new StringBuilder();
    allTenures.stream().sorted(java.util.Comparator.comparingLong(Tenure::fromNanos)).forEach(t -> log.append(t)
        .append('\n'));
    Files.writeString(ctx.runDir().resolve("tenures.txt"), log);
    String detail = allTenures.size() + " terms of office, " + allWrites.size()
        + " fenced writes accepted (every term listed in tenures.txt)";
    return List.of(new CheckSection("leadership: exclusive tenures, growing tokens, fences held",
        anomalies.isEmpty() ? Verdict.VALID : Verdict.INVALID, anomalies, detail));
  }
}
