package io.meshkit.jepsen.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.nemesis.Nemeses;
import io.meshkit.jepsen.nemesis.PartitionNemesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local cluster's members found from a directory laid out as {@code bin/meshkit dev up} writes it, with
 * real processes standing in for the servers: shell loops whose arguments name
 * {@code io.meshkit.server.Main} and a member's config, as a member's command line does. Kill, restart,
 * pause and resume act on them for real; foreign processes are refused and left alone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalClusterTest {
  @TempDir
  Path dir;
  /** Every process a test started or a member restarted: stopped after each test. */
  private final List<Long> started = new ArrayList<>();

  @AfterEach
  void stopProcesses() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        started.add(Long.parseLong(Files.readString(pidFile).strip()));
      }
    }
    started.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
      p.destroyForcibly();
      p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }));
  }

  /** Writes member {@code id}'s config as dev up does. */
  private Path config(String id, int port) throws IOException {
    Path config = dir.resolve(id + ".yaml");
    Files.writeString(config, "nodeId: " + id + "\nclusterName: meshkit-dev\ndataDir: " + dir.resolve(id)
        + "\nclientAddress: 127.0.0.1:" + port + "\n");
    Files.createDirectories(dir.resolve(id));
    return config;
  }

  /** A process whose command line is that of the member with {@code config}; its pid in {@code <id>.pid}. */
  private long fakeMember(String id, Path config) throws IOException {
    Process p = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", "io.meshkit.server.Main", "server",
        "--config", config.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".log").toFile())).start();
    started.add(p.pid());
    Files.writeString(dir.resolve(id + ".pid"), p.pid() + "\n");
    return p.pid();
  }

  private long foreignProcess() throws IOException {
    Process p = new ProcessBuilder("sleep", "300").start();
    started.add(p.pid());
    return p.pid();
  }

  private static char state(long pid) {
    return ProcFs.state(pid).orElseThrow();
  }

  @Test
  void membersAreFoundFromTheirConfigsAndPidFiles() throws IOException {
    long n1 = fakeMember("n1", config("n1", 17001));
    long n2 = fakeMember("n2", config("n2", 17002));
    Files.writeString(dir.resolve("relay.yaml"), "listen: 127.0.0.1:8080\n");  // not a member's config

    LocalCluster cluster = LocalCluster.discover(dir);

    assertEquals(List.of("n1", "n2"), cluster.nodes().stream().map(LocalMember::id).toList());
    assertEquals(List.of("127.0.0.1:17001", "127.0.0.1:17002"), cluster.endpoints());
    assertEquals(List.of(n1, n2), cluster.nodes().stream().map(LocalMember::pid).toList());
    assertTrue(Path.of(cluster.nodes().get(0).command().get(0)).isAbsolute(), "restarts run the same executable");
    assertTrue(cluster.nodes().stream().allMatch(LocalMember::runs));
  }

  @Test
  void aPidFileNamingAForeignProcessIsRefusedAndTheProcessLeftAlone() throws IOException {
    config("n1", 17001);
    long foreign = foreignProcess();
    Files.writeString(dir.resolve("n1.pid"), foreign + "\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.discover(dir));

    assertTrue(e.getMessage().contains("pid " + foreign + " in " + dir.resolve("n1.pid") + " is not member n1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("refusing to signal it"), e.getMessage());
    assertTrue(ProcessHandle.of(foreign).map(ProcessHandle::isAlive).orElse(false));
    assertNotEquals('T', state(foreign), "neither stopped nor killed");
  }

  @Test
  void anotherMembersProcessIsNotThisMember() throws IOException {
    Path n1 = config("n1", 17001);
    config("n2", 17002);
    long n1Pid = fakeMember("n1", n1);
    Files.writeString(dir.resolve("n2.pid"), n1Pid + "\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.discover(dir));
    assertTrue(e.getMessage().contains("is not member n2"), e.getMessage());
  }

  @Test
  void aMemberThatDoesNotRunOrAMissingClusterIsReportedWithTheFix() throws IOException {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.discover(dir.resolve("absent")));
    assertTrue(none.getMessage().contains("bin/meshkit dev up"), none.getMessage());

    config("n1", 17001);
    IllegalArgumentException noPid = assertThrows(IllegalArgumentException.class, () -> LocalCluster.discover(dir));
    assertTrue(noPid.getMessage().startsWith("member n1 does not run"), noPid.getMessage());
  }

  @Test
  void aQuorumServingTlsIsRefused() throws IOException {
    Path n1 = config("n1", 17001);
    Files.writeString(n1, Files.readString(n1) + "tlsCertFile: /x/member.pem\n");
    fakeMember("n1", n1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.discover(dir));
    assertTrue(e.getMessage().contains("without --tls"), e.getMessage());
  }

  @Test
  void pauseStopsTheMemberAndResumeContinuesIt() throws IOException {
    long pid = fakeMember("n1", config("n1", 17001));
    LocalMember n1 = LocalCluster.discover(dir).nodes().get(0);

    n1.pauseProgram();
    assertEquals('T', state(pid));
    n1.resumeProgram();
    assertNotEquals('T', state(pid));
  }

  @Test
  void aMemberFoundStoppedIsRefusedWithTheCommandThatResumesIt() throws IOException {
    long pid = fakeMember("n1", config("n1", 17001));
    ProcFs.signal(pid, "STOP");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.discover(dir));
    assertTrue(e.getMessage().contains("kill -CONT " + pid), e.getMessage());
    assertEquals('T', state(pid), "left as found");
  }

  @Test
  void closingTheClusterResumesTheMembersItPaused() throws IOException {
    long pid = fakeMember("n1", config("n1", 17001));
    try (LocalCluster cluster = LocalCluster.discover(dir)) {
      cluster.nodes().get(0).pauseProgram();
      assertEquals('T', state(pid));
    }
    assertNotEquals('T', state(pid));
  }

  @Test
  void aKilledMemberRestartsWithItsCommandLineAndItsNewPidInThePidFile() throws IOException {
    long first = fakeMember("n1", config("n1", 17001));
    LocalMember n1 = LocalCluster.discover(dir).nodes().get(0);
    List<String> arguments = ProcFs.arguments(first);

    n1.pauseProgram();
    n1.killProgram();
    assertFalse(ProcFs.isRunning(first));
    assertFalse(n1.runs());
    n1.killProgram();  // nothing left to kill: a no-op

    n1.heal();
    long second = n1.pid();
    assertNotEquals(first, second);
    assertTrue(n1.runs());
    assertEquals(second + "", Files.readString(dir.resolve("n1.pid")).strip());
    assertEquals(arguments.subList(1, arguments.size()), ProcFs.arguments(second).subList(1, arguments.size()));
    assertNotEquals('T', state(second), "a restarted member is not paused");
    n1.heal();
    assertEquals(second, n1.pid(), "healing a running member starts nothing");
  }

  @Test
  void partitionNemesesRefuseALocalCluster() throws IOException {
    fakeMember("n1", config("n1", 17001));
    LocalCluster cluster = LocalCluster.discover(dir);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PartitionNemesis(PartitionNemesis.Shape.RANDOM_HALVES).fault(cluster, new Random(1)));
    assertTrue(e.getMessage().contains(String.join(", ", Nemeses.processNames())), e.getMessage());
    assertEquals("heal partition", new PartitionNemesis(PartitionNemesis.Shape.RANDOM_HALVES).heal(cluster));
  }
}
