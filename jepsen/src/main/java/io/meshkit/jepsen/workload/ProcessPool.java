package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Jepsen's client side for workloads of independent operations: {@code concurrency} threads, thread
 * {@code t} bound to node {@code t mod n}, each issuing one operation at a time until the deadline,
 * paced so the total is about {@code rate} per second (each thread waits a uniformly random fraction
 * of twice its share between operations, so processes drift apart). A process whose operation ended
 * INFO retires: the thread continues as process {@code p + concurrency}.
 */
public final class ProcessPool {
  /**
   * One operation of a process on its thread's client; records its invocation and completion and
   * returns the completion type.
   */
  @FunctionalInterface
  public interface Step<C> {
    OpType run(int process, C client, Random random) throws InterruptedException;
  }

  private ProcessPool() {}

  /** Runs {@code step} on every process, with {@link KvClient}s, until {@code ctx.duration()} has passed. */
  public static void run(WorkloadContext ctx, Step<KvClient> step) throws InterruptedException {
    run(ctx, ctx.kvClients(), step);
  }

  /**
   * Runs {@code step} on every process until {@code ctx.duration()} has passed; each thread opens its
   * client with {@code clients} (given its node's endpoint) and closes it at the end.
   */
  public static <C extends AutoCloseable> void run(WorkloadContext ctx, Function<String, C> clients, Step<C> step)
      throws InterruptedException {
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    long meanGapNanos = (long) (TimeUnit.SECONDS.toNanos(1) * ctx.concurrency() / ctx.rate());
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < ctx.concurrency(); t++) {
      int thread = t;
      String endpoint = ctx.endpoints().get(t % ctx.endpoints().size());
      Random random = new Random(ctx.seed() * 31 + t);
      Thread worker = new Thread(() -> {
        try (C client = clients.apply(endpoint)) {
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
        } catch (Exception e) {
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
