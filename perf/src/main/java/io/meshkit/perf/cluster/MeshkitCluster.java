package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three MeshKit members as separate JVMs on loopback, started from the built server jar exactly as
 * {@code bin/meshkit dev up} runs them (same heap settings, election timeouts 1–2 s, Raft log fsync'd
 * as always). Ready when every member's {@code /readyz} answers 200.
 */
public final class MeshkitCluster extends ProcessCluster {
  /** The JVM settings of {@code bin/meshkit dev up}. */
  static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m",
      "-XX:+ExitOnOutOfMemoryError");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String jarName;
  private final List<String> adminEndpoints;

  private MeshkitCluster(MemberProcesses members, List<String> clientEndpoints, List<String> adminEndpoints,
      String jarName) {
    super(members, clientEndpoints);
    this.adminEndpoints = List.copyOf(adminEndpoints);
    this.jarName = jarName;
  }

  /**
   * Starts three members with data under {@code dir} and waits until all are ready.
   *
   * @param serverJar {@code server/target/meshkit-server-<version>.jar}; its {@code lib/} beside it
   */
  public static MeshkitCluster start(Path serverJar, Path dir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(serverJar) || !Files.isDirectory(serverJar.resolveSibling("lib"))) {
      throw new IllegalStateException("the server is not built (" + serverJar + " or its lib/ is missing): "
          + "run 'mvn -DskipUTs -DskipITs package' first (bin/perf does)");
    }
    Files.createDirectories(dir);
    List<Integer> ports = LoopbackPorts.distinct(9);
    List<String> ids = List.of("m1", "m2", "m3");
    List<String> peers = new ArrayList<>();
    List<String> clients = new ArrayList<>();
    List<String> admins = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add("127.0.0.1:" + ports.get(3 * i));
      admins.add("127.0.0.1:" + ports.get(3 * i + 2));
      peers.add("id=" + ids.get(i) + ",raft=127.0.0.1:" + ports.get(3 * i + 1) + ",client=" + clients.get(i)
          + ",admin=" + admins.get(i));
    }
    MemberProcesses members = new MemberProcesses(dir, ids);
    MeshkitCluster cluster = new MeshkitCluster(members, clients, admins, serverJar.getFileName().toString());
    try {
      for (int i = 0; i < 3; i++) {
        List<String> cmd = serverCommand(serverJar, List.of(), "server", "--node-id", ids.get(i), "--cluster-name",
            "meshkit-perf", "--data-dir", dir.resolve(ids.get(i)).toString(),
            "--election-timeout-min", "1s", "--election-timeout-max", "2s");
        for (String p : peers) {
          cmd.add("--peer");
          cmd.add(p);
        }
        members.start(i, cmd);
      }
      members.awaitReady(cluster::ready, START_TIMEOUT);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The command line of {@code io.meshkit.server.Main} from the built jar as {@code bin/meshkit} runs it:
   * this JVM's java, {@link #JVM_OPTIONS}, then {@code javaOptions}, then {@code args}.
   */
  static List<String> serverCommand(Path serverJar, List<String> javaOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(javaOptions);
    cmd.addAll(List.of("-cp", serverJar + ":" + serverJar.resolveSibling("lib") + "/*", "io.meshkit.server.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** {@code /readyz}: a leader is known and this member's applied index is close to the commit index. */
  @Override
  public boolean ready(int i) {
    return HttpProbe.get("http://" + adminEndpoints.get(i) + "/readyz").isPresent();
  }

  @Override
  public java.util.Optional<RaftProgress> progress(int i) {
    try (io.meshkit.client.MeshkitClient client = io.meshkit.client.MeshkitClient.builder()
        .endpoints(List.of(clientEndpoints().get(i))).callTimeout(Duration.ofSeconds(2)).build()) {
      io.meshkit.proto.v1.MemberStatusResponse status = client.memberStatus(clientEndpoints().get(i));
      return java.util.Optional.of(new RaftProgress("LEADER".equals(status.getRole()), status.getAppliedIndex()));
    } catch (RuntimeException notAnswering) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String system() {
    return "meshkit";
  }

  @Override
  public String description() {
    return "MeshKit (" + jarName + "): 3 JVMs (" + String.join(" ", JVM_OPTIONS)
        + "), Java " + Runtime.version() + ", Raft log fsync on, election timeout 1-2 s";
  }

}
