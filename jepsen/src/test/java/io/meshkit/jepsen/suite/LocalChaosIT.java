package io.meshkit.jepsen.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.runner.JepsenMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/jepsen chaos} against three real member processes laid out as {@code bin/meshkit dev up} lays
 * them out (on free ports): the register workload for 25 s while members are killed with kill -9 and
 * restarted and paused with SIGSTOP, then the history checked. No Docker.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalChaosIT {
  @TempDir
  Path dir;

  /**
   * Seed 15 with faults every 2-4 s held 3-6 s: kill -9 of n1, pause of n2, kill -9 of n3 within the 25 s
   * (the schedule's own random; see NemesisSchedule).
   */
  @Test
  void aChaosRunKillsAndPausesLocalMembersAndChecksTheRegisterValid() throws Exception {
    Path members = Files.createDirectory(dir.resolve("quorum"));
    Path runs = dir.resolve("runs");
    try (LocalQuorum quorum = LocalQuorum.start(members)) {
      long pidBefore = Long.parseLong(Files.readString(members.resolve("n1.pid")).strip());

      int status = new CommandLine(new JepsenMain()).execute("chaos", "--target", members.toString(),
          "--workload", "register", "--nemesis", "kill,pause", "--time", "25", "--fault-every", "2",
          "--fault-hold", "3", "--seed", "15", "--rate", "50", "--runs-dir", runs.toString());

      assertEquals(0, status, "the run must check VALID; n1's log ends:\n" + quorum.logTail("n1"));
      Path run;
      try (Stream<Path> dirs = Files.list(runs)) {
        run = dirs.filter(d -> d.getFileName().toString().startsWith("register-")).findFirst().orElseThrow();
      }
      for (String file : List.of("history.jsonl", "summary.txt", "summary.json", "index.html")) {
        assertTrue(Files.size(run.resolve(file)) > 0, file + " in " + run);
      }
      assertTrue(Files.exists(runs.resolve("index.html")), "the index of runs");
      String history = Files.readString(run.resolve("history.jsonl"));
      assertTrue(history.contains("kill -9 n"), "a member was killed");
      assertTrue(history.contains("pause (SIGSTOP) n"), "a member was paused");
      long pidAfter = Long.parseLong(Files.readString(members.resolve("n1.pid")).strip());
      assertTrue(pidAfter != pidBefore, "killed n1 was restarted and its pid file rewritten");
      assertTrue(ProcessHandle.of(pidAfter).map(ProcessHandle::isAlive).orElse(false), "n1 runs again");
    }
  }
}
