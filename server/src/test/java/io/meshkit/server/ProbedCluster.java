package io.meshkit.server;

import com.sun.net.httpserver.HttpServer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A three-member {@link MiniCluster} whose member 0 also runs a relay (listen and admin ports of its own)
 * and the synthetic probes, relay check included: they resolve key {@code canary} of namespace
 * {@value #NAMESPACE} through that relay, whose shards a fixed data node ({@code b1}) owns once
 * {@link #createCanaryNamespace} ran. Probes run every 2 s with 2-s calls.
 */
final class ProbedCluster implements AutoCloseable {
  static final String NAMESPACE = "canary";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** One sample line of the Prometheus text format: name, optional {labels}, value. */
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  final MiniCluster cluster;
  final HttpServer backend;
  final String relayAdmin;

  private ProbedCluster(MiniCluster cluster, HttpServer backend, String relayAdmin) {
    this.cluster = cluster;
    this.backend = backend;
    this.relayAdmin = relayAdmin;
  }

  static ProbedCluster start(Path dir) throws Exception {
    HttpServer backend = FixedBackend.answering("canary owner");
    try {
      List<Integer> ports = FreePorts.distinct(2);
      RelayConfig relay = ConfigLoader.parse("""
          listen: 127.0.0.1:%d
          admin: 127.0.0.1:%d
          dataDir: %s
          routes: [{header: x-meshkit-namespace}]
          """.formatted(ports.get(0), ports.get(1), dir.resolve("relay")), RelayConfig.class);
      ProbeConfig probe = ConfigLoader.parse("""
          interval: 2s
          timeout: 2s
          relayUrl: http://127.0.0.1:%d/canary
          namespace: %s
          shardKey: canary
          """.formatted(ports.get(0), NAMESPACE), ProbeConfig.class);
      MiniCluster cluster = MiniCluster.start(3, dir, MiniCluster.Options.defaults()
          .withExtras(i -> i == 0 ? new MiniCluster.Options.Extras(relay, probe) : MiniCluster.Options.Extras.NONE));
      return new ProbedCluster(cluster, backend, "127.0.0.1:" + ports.get(1));
    } catch (Exception | Error e) {
      backend.stop(0);
      throw e;
    }
  }

  /** Registers data node b1 (the fixed backend) and namespace canary with two shards it owns. */
  void createCanaryNamespace() throws InterruptedException {
    try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("b1")
          .addEndpoints("127.0.0.1:" + backend.getAddress().getPort())).build());
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName(NAMESPACE).setShardCount(2).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace(NAMESPACE).build());
    }
  }

  /** The Prometheus text of {@code /metrics} at an admin address. */
  static String scrape(String admin) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError("GET http://" + admin + "/metrics answered " + answer.statusCode());
    }
    return answer.body();
  }

  /** Every sample of the text: its name and labels, with its value. */
  static Map<Sample, Double> samples(String text) {
    Map<Sample, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.put(new Sample(m.group(1), Map.copyOf(labels)),
          Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
    }
    return out;
  }

  /** The value of the sample {@code name} whose labels include {@code labels}, if there is one. */
  static OptionalDouble value(String text, String name, Map<String, String> labels) {
    return samples(text).entrySet().stream().filter(e -> e.getKey().name().equals(name)
            && e.getKey().labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Map.Entry::getValue).findFirst();
  }

  record Sample(String name, Map<String, String> labels) {}

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      backend.stop(0);
    }
  }
}
