package io.meshkit.jepsen.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/jepsen chaos}'s command line: what it refuses, in one line with the fix, and its help. */
class ChaosCommandTest {
  @TempDir
  Path dir;

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(String... args) {
    CommandLine cli = JepsenMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.getSubcommands().get("chaos").setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Outcome(status, out.toString(), err.toString());
  }

  @Test
  void partitionsAreRefusedNamingTheNemesesALocalClusterTakes() {
    Outcome o = run("chaos", "--target", dir.toString(), "--nemesis", "kill,partition-halves");
    assertEquals(3, o.status());
    assertTrue(o.err().startsWith("bin/jepsen chaos: nemesis partition-halves does not act on a local cluster"),
        o.err());
    assertTrue(o.err().contains("kill, kill-leader, pause, pause-leader"), o.err());
    assertTrue(!o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void workloadsThatNeedContainersAreRefused() {
    Outcome o = run("chaos", "--target", dir.toString(), "--workload", "relay");
    assertEquals(3, o.status());
    assertTrue(o.err().contains("workload 'relay' needs containers"), o.err());
    assertTrue(o.err().contains("register, set, leadership, watch, registry"), o.err());
  }

  @Test
  void aDirectoryWithoutMembersSaysHowToStartThem() {
    Outcome o = run("chaos", "--target", dir.toString());
    assertEquals(3, o.status());
    assertTrue(o.err().contains("bin/meshkit dev up"), o.err());
  }

  @Test
  void helpTeachesWithExamplesAndTheNemeses() {
    Outcome o = run("chaos", "--help");
    assertEquals(0, o.status());
    assertTrue(o.out().contains("  bin/jepsen chaos --nemesis kill-leader,pause-leader"), o.out());
    assertTrue(o.out().replaceAll("\\s+", " ").contains("Nemeses: none, all (every one of these), or a "
        + "comma-separated mix of: kill, kill-leader, pause, pause-leader"), o.out());
    assertTrue(run("--help").out().contains("bin/jepsen chaos"));
  }
}
