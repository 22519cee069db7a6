package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A MeshKit relay as its own JVM on loopback, started from the built server jar as
 * {@code bin/meshkit relay --config relay.yaml} runs it (the same heap settings), with a config that
 * sends every path of one namespace to its shard owner by the key in {@link #KEY_HEADER}. Ready when
 * its {@code /readyz} answers 200 (it has a routing table from the cluster) and a request with a key
 * comes back 200 from the backend.
 */
public final class StandaloneRelay extends LoopbackServer {
  /** The request header that holds the shard key. */
  public static final String KEY_HEADER = "x-meshkit-shard-key";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private StandaloneRelay(MemberProcesses process, int port) {
    super(process, port);
  }

  /**
   * Writes {@code <dir>/relay.yaml} and starts the relay.
   *
   * @param endpoints the MeshKit members' client addresses
   * @param namespace every request's namespace ({@code pathPrefix: /})
   * @param maxConnectionsPerBackend the relay's in-flight limit per backend
   * @param javaOptions added after bin/meshkit's JVM settings (a profiler agent, Netty's thread count)
   */
  public static StandaloneRelay start(Path serverJar, Path dir, List<String> endpoints, String namespace,
      int maxConnectionsPerBackend, List<String> javaOptions) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<Integer> ports = LoopbackPorts.distinct(2);
    Path config = dir.resolve("relay.yaml").toAbsolutePath();
    Files.writeString(config, """
        # Written by bin/perf relay.
        listen: 127.0.0.1:%d
        admin: 127.0.0.1:%d
        endpoints: [%s]
        dataDir: %s
        routes:
          - {namespace: %s, pathPrefix: /}
        keyHeader: %s
        maxConnectionsPerBackend: %d
        """.formatted(ports.get(0), ports.get(1), String.join(", ", endpoints), dir.toAbsolutePath().resolve("data"),
        namespace, KEY_HEADER, maxConnectionsPerBackend));
    MemberProcesses process = new MemberProcesses(dir, List.of("relay"));
    StandaloneRelay relay = new StandaloneRelay(process, ports.get(0));
    try {
      process.start(0, MeshkitCluster.serverCommand(serverJar, javaOptions, "relay", "--config", config.toString()));
      String admin = "http://127.0.0.1:" + ports.get(1) + "/readyz";
      process.awaitReady(i -> HttpProbe.get(admin).isPresent()
          && HttpProbe.get(relay.url(), Map.of(KEY_HEADER, "probe")).isPresent(), START_TIMEOUT);
      return relay;
    } catch (IOException | InterruptedException | RuntimeException e) {
      relay.close();
      throw e;
    }
  }
}
