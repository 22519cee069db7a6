package io.meshkit.perf.workload;

import io.meshkit.perf.systems.KvTarget;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The keys and values every workload uses, identical for every system: writes go to one of
 * {@link #WRITE_KEYS} keys, reads to {@link #READ_KEYS} keys preloaded before the run, values are
 * {@link #VALUE_BYTES} bytes.
 */
public final class Keyspace {
  public static final int WRITE_KEYS = 100_000;
  public static final int READ_KEYS = 1_000;
  public static final int VALUE_BYTES = 256;
  private static final int PRELOAD_IN_FLIGHT = 32;

  private Keyspace() {}

  public static String writeKey(int i) {
    return "perf/put/" + String.format("%06d", i);
  }

  public static String randomWriteKey() {
    return writeKey(ThreadLocalRandom.current().nextInt(WRITE_KEYS));
  }

  public static String readKey(int i) {
    return "perf/read/" + String.format("%04d", i);
  }

  public static String randomReadKey() {
    return readKey(ThreadLocalRandom.current().nextInt(READ_KEYS));
  }

  /** A value of {@link #VALUE_BYTES} random bytes. */
  public static byte[] value() {
    byte[] v = new byte[VALUE_BYTES];
    ThreadLocalRandom.current().nextBytes(v);
    return v;
  }

  /** Writes the {@link #READ_KEYS} read keys, a few at a time; fails if any write fails. */
  public static void preloadReadKeys(KvTarget target) throws InterruptedException {
    Semaphore inFlight = new Semaphore(PRELOAD_IN_FLIGHT);
    byte[] value = value();
    CompletableFuture<?>[] writes = new CompletableFuture<?>[READ_KEYS];
    for (int i = 0; i < READ_KEYS; i++) {
      inFlight.acquire();
      writes[i] = target.put(i, readKey(i), value).whenComplete((r, t) -> inFlight.release());
    }
    CompletableFuture.allOf(writes).orTimeout(2, TimeUnit.MINUTES).join();
  }
}
