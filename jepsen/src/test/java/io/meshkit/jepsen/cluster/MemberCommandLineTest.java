package io.meshkit.jepsen.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberCommandLineTest {
  @TempDir
  Path dir;
  private MemberCommandLine n1;

  @BeforeEach
  void configs() throws IOException {
    Files.writeString(dir.resolve("n1.yaml"), "nodeId: n1\n");
    Files.writeString(dir.resolve("n2.yaml"), "nodeId: n2\n");
    Files.createDirectories(dir.resolve("n1"));
    n1 = new MemberCommandLine(dir.resolve("n1.yaml"), dir.resolve("n1"));
  }

  /** As bin/meshkit dev up starts a member. */
  private List<String> devUp(String config) {
    return List.of("java", "-Xmx512m", "-cp", "server.jar:lib/*", "io.meshkit.server.Main", "server", "--config",
        config);
  }

  @Test
  void theMembersOwnServerWithItsConfigMatches() {
    assertTrue(n1.matches(devUp(dir.resolve("n1.yaml").toString()), Path.of("/")));
    assertTrue(n1.matches(List.of("java", "io.meshkit.server.Main", "server", "--config=" + dir.resolve("n1.yaml")),
        Path.of("/")));
  }

  @Test
  void aRelativeConfigIsResolvedAgainstTheProcessWorkingDirectory() {
    assertTrue(n1.matches(devUp("n1.yaml"), dir));
    assertFalse(n1.matches(devUp("n1.yaml"), dir.resolve("n1")), "n1/n1.yaml does not exist: not this member");
  }

  @Test
  void aServerStartedWithFlagsMatchesByItsDataDirectory() {
    assertTrue(n1.matches(List.of("java", "io.meshkit.server.Main", "server", "--node-id", "n1", "--data-dir",
        dir.resolve("n1").toString()), Path.of("/")));
  }

  @Test
  void anotherMembersServerDoesNotMatch() {
    assertFalse(n1.matches(devUp(dir.resolve("n2.yaml").toString()), Path.of("/")));
  }

  @Test
  void aProcessThatIsNotTheServerDoesNotMatchEvenWithTheConfigPath() {
    assertFalse(n1.matches(List.of("vi", dir.resolve("n1.yaml").toString()), Path.of("/")));
    assertFalse(n1.matches(List.of("java", "io.meshkit.cli.Meshctl", "--config", dir.resolve("n1.yaml").toString()),
        Path.of("/")));
    assertFalse(n1.matches(List.of(), Path.of("/")), "a process that has ended reads as no arguments");
  }
}
