package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Jepsen's client side for workloads of independent operations: {@code concurrency} threads, thread
 * {@code t} bound to node {@code t mod n}, each issuing one operation at a time until the deadline,
 * paced so the total is about {@code rate} per second (each thread waits a uniformly random fraction
 * of twice its share between operations, so processes drift apart). A process whose operation ended
 * INFO retires: the thread continues as process {@code p + concurrency}.
 */
public final class ProcessPool {
  /** One operation of a process; records its invocation and completion and returns the completion type. */
  @FunctionalInterface
  public interface Step {
    OpType run(int process, KvClient client, Random random) throws InterruptedException;
  }

  private ProcessPool() {}

  /** Runs {@code step} on every process until {@code ctx.duration()} has passed. */
  public static void run(WorkloadContext ctx, Step step) throws InterruptedException {
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    long meanGapNanos = (long) (TimeUnit.SECONDS.toNanos(1) * ctx.concurrency() / ctx.rate());
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < ctx.concurrency(); t++) {
      int thread = t;
      String endpoint = ctx.endpoints().get(t % ctx.endpoints().size());
      Random random = new Random(ctx.seed() * 31 + t);
      Thread worker = new Thread(() -> {
        try (KvClient client = ctx.kvClients().apply(endpoint)) {
          int process = thread;
          while (System.nanoTime() < deadline) {
            TimeUnit.NANOSECONDS.sleep((long) (random.nextDouble() * 2 * meanGapNanos));
            if (System.nanoTime() >= deadline) {
              break;
            }
            if (step.run(process, client, random) == OpType.INFO) {
              process += ctx.concurrency();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }, "client-" + t);
      threads.add(worker);
      worker.start();
    }
    for (Thread worker : threads) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a client thread failed: " + failures.get(0), failures.get(0));
    }
  }
}
