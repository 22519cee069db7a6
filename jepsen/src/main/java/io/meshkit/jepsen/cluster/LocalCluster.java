package io.meshkit.jepsen.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * MeshKit members running as processes on this host, described by a directory in the layout
 * {@code bin/meshkit dev up} writes: per member {@code <id>.yaml} (its config: {@code nodeId},
 * {@code clientAddress}, {@code dataDir}), {@code <id>.pid} (its server's pid) and {@code <id>.log}
 * (its output). Only process faults act on such a cluster (they share one network); the members are
 * the yaml files whose {@code nodeId} is their file name, in name order.
 *
 * <p>Only this cluster's members are ever signalled: each pid is checked against the member's config
 * and data directory ({@link MemberCommandLine}) when found and again before every signal.
 */
public final class LocalCluster implements TestCluster<LocalMember>, AutoCloseable {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Path dir;
  private final List<LocalMember> members;
  /** Resumes the members this run paused when the JVM exits before the heal (Ctrl-C of bin/jepsen chaos). */
  private final Thread resumeOnExit;

  private LocalCluster(Path dir, List<LocalMember> members) {
    this.dir = dir;
    this.members = List.copyOf(members);
    this.resumeOnExit = new Thread(() -> this.members.forEach(LocalMember::resumeProgram), "local-cluster-resume");
    Runtime.getRuntime().addShutdownHook(resumeOnExit);
  }

  /**
   * The directory of {@code bin/meshkit dev up}: {@code $MESHKIT_DEV_DIR}, else {@code .meshkit-dev} under
   * the project root (system property {@code meshkit.root}, else the working directory).
   */
  public static Path devDir() {
    String configured = System.getenv("MESHKIT_DEV_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("meshkit.root", ".")).resolve(".meshkit-dev").toAbsolutePath().normalize();
  }

  /**
   * The running members described in {@code dir}.
   *
   * @throws IllegalArgumentException when {@code dir} holds no member, a member does not run, a pid is not
   *     its member's, or a member serves TLS (the message names the problem and the fix)
   */
  public static LocalCluster discover(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no local cluster in " + dir + ": start one with bin/meshkit dev up, or "
          + "give --target a directory with <id>.yaml, <id>.pid and <id>.log per member");
    }
    List<LocalMember> members = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path config : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
        JsonNode yaml = YAML.readTree(config.toFile());
        String file = config.getFileName().toString();
        String id = file.substring(0, file.length() - ".yaml".length());
        if (yaml == null || !id.equals(yaml.path("nodeId").asText())) {
          continue;  // not a member's config
        }
        if (yaml.hasNonNull("tlsCertFile")) {
          throw new IllegalArgumentException("member " + id + " serves mutual TLS (tlsCertFile in " + config
              + ") and chaos clients speak plaintext: restart the quorum without --tls (bin/meshkit dev down; "
              + "bin/meshkit dev up)");
        }
        String endpoint = required(yaml, "clientAddress", config);
        Path dataDir = dir.resolve(required(yaml, "dataDir", config));
        members.add(LocalMember.attach(id, endpoint, new MemberCommandLine(config, dataDir),
            dir.resolve(id + ".pid"), dir.resolve(id + ".log")));
      }
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no member config (<id>.yaml with nodeId: <id>) in " + dir
          + ": start a local quorum with bin/meshkit dev up");
    }
    return new LocalCluster(dir, members);
  }

  private static String required(JsonNode yaml, String key, Path config) {
    String value = yaml.path(key).asText("");
    if (value.isBlank()) {
      throw new IllegalArgumentException(config + " has no " + key + ": write it as bin/meshkit dev up does");
    }
    return value;
  }

  /** The directory the members were found in. */
  public Path dir() {
    return dir;
  }

  @Override
  public List<LocalMember> nodes() {
    return members;
  }

  /** None: a local cluster runs alone. */
  @Override
  public List<LocalCluster> peers() {
    return List.of();
  }

  /**
   * Resumes any member this run paused and stops watching for the JVM's exit. Members keep running, and a
   * killed one stays down until healed ({@link #healAll()}) or started by {@code bin/meshkit dev up}.
   */
  @Override
  public void close() {
    members.forEach(LocalMember::resumeProgram);
    try {
      Runtime.getRuntime().removeShutdownHook(resumeOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs (or ran) anyway
    }
  }
}
