package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes from the built artifacts; the leader is killed with SIGKILL in the middle of
 * a write stream. No acknowledged write may be lost, writes must resume, and the killed member must
 * come back from its own disk and hold every acknowledged write.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ProcessCrashIT {
  @TempDir
  Path dir;

  @Test
  void killNineOfTheLeaderLosesNoAcknowledgedWrite() throws Exception {
    try (ServerProcesses processes = new ServerProcesses(3, dir)) {
      for (int i = 0; i < 3; i++) {
        processes.start(i);
      }
      try (KvStubs stubs = new KvStubs(processes.clientEndpoints())) {
        int leader = processes.awaitLeader(stubs, -1);
        List<String> acknowledged = new ArrayList<>();
        int next = writeUntil(stubs, acknowledged, 0, 60, -1);

        processes.kill9(leader);
        long killedAt = System.nanoTime();
        int survivorLeader = processes.awaitLeader(stubs, leader);
        int before = acknowledged.size();
        writeUntil(stubs, acknowledged, next, 60, leader);
        long resumedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(acknowledged.size() > before, "writes must resume after the leader is killed");
        System.out.printf("new leader %s; writes resumed %d ms after kill -9%n", processes.id(survivorLeader),
            resumedAfterMs);

        for (String key : acknowledged) {
          assertEquals("v", stubs.get(survivorLeader, key), key + " was acknowledged before or after the kill");
        }

        processes.start(leader);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
          try {
            if ("v".equals(stubs.get(leader, acknowledged.get(acknowledged.size() - 1)))) {
              break;
            }
          } catch (RuntimeException notYet) {
            // Still starting.
          }
          assertTrue(System.nanoTime() < deadline, "restarted member never caught up:\n" + processes.logTail(leader));
          Thread.sleep(200);
        }
        for (String key : acknowledged) {
          assertEquals("v", stubs.get(leader, key), key + " must be on the restarted member");
        }
      }
    }
  }

  /** Writes keys ack/N one at a time, round-robin over the live members, until {@code count} acks. */
  private static int writeUntil(KvStubs stubs, List<String> acknowledged, int from, int count, int dead) {
    int acked = 0;
    int key = from;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (acked < count && System.nanoTime() < deadline) {
      int member = key % 3 == dead ? (key + 1) % 3 : key % 3;
      String name = "ack/" + key++;
      try {
        stubs.put(member, name, "v");
        acknowledged.add(name);
        acked++;
      } catch (RuntimeException e) {
        // Not acknowledged: may or may not have been applied; not part of the promise.
      }
    }
    return key;
  }
}
