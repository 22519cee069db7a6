package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The files of {@code deploy/} against the code they start: every Kubernetes manifest parses; the
 * StatefulSet, its headless Service, the client Service and the PodDisruptionBudget select the same pods;
 * probes hit the admin port of node.yaml; the pod's arguments parse as {@code meshkit server} flags and,
 * with each pod name meshkit-0..2 as its node id, give a config the server's own loader accepts. The
 * systemd units run bin/meshkit's java command line (its JVM options, main class, a real verb and
 * flags) on example configs the loaders accept; the image runs the jar bin/meshkit runs.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
  private static final Path SYSTEMD = ROOT.resolve("deploy/systemd");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path dir;

  /** kind/name → document, from every YAML file of deploy/kubernetes. */
  private static Map<String, JsonNode> manifests() throws IOException {
    Map<String, JsonNode> byKindAndName = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
              continue;
            }
            String kind = doc.path("kind").asText();
            String name = doc.path("metadata").path("name").asText();
            assertTrue(!kind.isEmpty() && !doc.path("apiVersion").asText().isEmpty(), file + ": apiVersion and kind");
            if (!kind.equals("Kustomization")) {
              assertTrue(!name.isEmpty(), file + ": metadata.name of a " + kind);
            }
            assertEquals(null, byKindAndName.put(kind + "/" + name, doc), "two " + kind + " named " + name);
          }
        }
      }
    }
    return byKindAndName;
  }

  private static JsonNode get(Map<String, JsonNode> manifests, String kindAndName) {
    JsonNode doc = manifests.get(kindAndName);
    assertNotNull(doc, kindAndName + " in deploy/kubernetes: have " + manifests.keySet());
    return doc;
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = new HashMap<>();
    node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  @Test
  void theStatefulSetItsServicesAndDisruptionBudgetFitTogether() throws Exception {
    Map<String, JsonNode> k8s = manifests();
    JsonNode sts = get(k8s, "StatefulSet/meshkit");
    JsonNode spec = sts.get("spec");
    assertEquals(3, spec.get("replicas").asInt());
    assertEquals("Parallel", spec.get("podManagementPolicy").asText());
    Map<String, String> podLabels = labels(spec.at("/template/metadata/labels"));
    Map<String, String> selector = labels(spec.at("/selector/matchLabels"));
    assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "the selector selects the pod template");

    JsonNode headless = get(k8s, "Service/" + spec.get("serviceName").asText());
    assertEquals("None", headless.at("/spec/clusterIP").asText(), "serviceName names a headless Service");
    assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean(), "peers find each other before ready");
    JsonNode client = get(k8s, "Service/meshkit");
    for (JsonNode service : List.of(headless, client)) {
      assertEquals(selector, labels(service.at("/spec/selector")), "Service " + service.at("/metadata/name"));
    }
    JsonNode pdb = get(k8s, "PodDisruptionBudget/meshkit");
    assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
    assertEquals(selector, labels(pdb.at("/spec/selector/matchLabels")));
    List<String> resources = new ArrayList<>();
    get(k8s, "Kustomization/").get("resources").forEach(r -> resources.add(r.asText()));
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      assertEquals(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
          .filter(f -> !f.equals("kustomization.yaml")).sorted().toList(), resources.stream().sorted().toList(),
          "kubectl apply -k applies every manifest");
    }
    String namespace = get(k8s, "Namespace/meshkit").at("/metadata/name").asText();
    for (JsonNode doc : k8s.values()) {
      if (!doc.path("kind").asText().matches("Namespace|Kustomization")) {
        assertEquals(namespace, doc.at("/metadata/namespace").asText(), doc.path("kind") + " in the namespace");
      }
    }

    JsonNode container = spec.at("/template/spec/containers/0");
    Map<String, Integer> containerPorts = new HashMap<>();
    container.get("ports").forEach(p -> containerPorts.put(p.get("name").asText(), p.get("containerPort").asInt()));
    for (JsonNode service : List.of(headless, client)) {
      service.at("/spec/ports").forEach(p -> assertTrue(containerPorts.containsKey(p.get("targetPort").asText()),
          "Service port " + p + " targets a named container port"));
    }

    // The config: mounted from the ConfigMap where --config points; each pod's name as its node id.
    JsonNode configMap = get(k8s, "ConfigMap/meshkit-config");
    Path nodeYaml = dir.resolve("node.yaml");
    Files.writeString(nodeYaml, configMap.at("/data/node.yaml").asText());
    List<String> args = new ArrayList<>();
    container.get("args").forEach(a -> args.add(a.asText()));
    assertEquals("server", args.get(0), "the pod runs a member");
    assertEquals("POD_NAME", container.at("/env/0/name").asText());
    assertEquals("metadata.name", container.at("/env/0/valueFrom/fieldRef/fieldPath").asText());
    String configPath = args.get(args.indexOf("--config") + 1);
    JsonNode configMount = mount(container, "config");
    assertEquals(configPath, configMount.get("mountPath").asText() + "/node.yaml", "--config is the mounted file");
    assertEquals("meshkit-config", volume(spec, "config").at("/configMap/name").asText());

    String jvm = container.at("/env/1/value").asText();
    assertEquals("JAVA_TOOL_OPTIONS", container.at("/env/1/name").asText());
    for (String option : bin("meshkit").jvmOptions()) {
      if (!option.startsWith("-Xms")) {
        assertTrue(jvm.contains(option), "bin/meshkit's " + option + " in the pod's JVM options: " + jvm);
      }
    }

    String dataMount = mount(container, spec.at("/volumeClaimTemplates/0/metadata/name").asText())
        .get("mountPath").asText();
    for (int i = 0; i < 3; i++) {
      String pod = sts.at("/metadata/name").asText() + "-" + i;
      List<String> podArgs = args.stream().map(a -> a.replace("$(POD_NAME)", pod))
          .map(a -> a.equals(configPath) ? nodeYaml.toString() : a).toList();
      ServerConfig.Resolved config = serverConfig(podArgs);
      assertEquals(pod, config.self().id());
      String host = pod + "." + headless.at("/metadata/name").asText() + "." + namespace + ".svc.cluster.local";
      assertEquals(host, config.self().raftAddress().substring(0, config.self().raftAddress().lastIndexOf(':')),
          "members are reached by their stable name under the headless Service");
      assertEquals(containerPorts.get("client"), port(config.self().clientAddress()));
      assertEquals(containerPorts.get("raft"), port(config.self().raftAddress()));
      assertEquals(containerPorts.get("admin"), port(config.self().adminAddress()));
      assertEquals(containerPorts.get("gossip"), port(config.self().gossipAddress()));
      assertTrue(config.raft().dataDir().startsWith(Path.of(dataMount)), "dataDir on the volume claim");
      assertEquals(3, config.members().size());
    }

    // Probes: readiness on /readyz, liveness and start-up on /healthz, all on the admin port.
    assertEquals("/readyz", container.at("/readinessProbe/httpGet/path").asText());
    assertEquals("/healthz", container.at("/livenessProbe/httpGet/path").asText());
    assertEquals("/healthz", container.at("/startupProbe/httpGet/path").asText());
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      JsonNode port = container.at("/" + probe + "/httpGet/port");
      int number = port.isInt() ? port.asInt() : containerPorts.getOrDefault(port.asText(), -1);
      assertEquals(containerPorts.get("admin"), number, probe + " on the admin port");
    }
    assertTrue(container.at("/resources/limits/memory").isTextual()
        && container.at("/resources/requests/memory").isTextual(), "memory request and limit");
    assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
    assertEquals("/tmp", mount(container, "tmp").get("mountPath").asText(), "a writable /tmp for RocksDB's JNI");
    assertTrue(spec.at("/template/spec/securityContext/runAsNonRoot").asBoolean());
  }

  @Test
  void theSystemdUnitsRunBinMeshkitsCommandLineOnConfigsTheLoadersAccept() throws Exception {
    List<String> jvmOptions = bin("meshkit").jvmOptions();
    for (String unitName : List.of("meshkit.service", "meshkit-relay.service")) {
      Map<String, List<String>> unit = unit(SYSTEMD.resolve(unitName));
      assertEquals(List.of("on-failure"), unit.get("Restart"), unitName);
      assertTrue(Arrays.asList(unit.get("RestartPreventExitStatus").get(0).split(" ")).contains("2"),
          unitName + ": no restart on exit 2 (bad configuration)");
      assertTrue(unit.get("SuccessExitStatus").get(0).contains("143"), unitName + ": SIGTERM's exit is a success");
      assertEquals(List.of("yes"), unit.get("NoNewPrivileges"), unitName);
      assertEquals(List.of("strict"), unit.get("ProtectSystem"), unitName);
      assertTrue(!unit.get("User").get(0).equals("root"), unitName);
      assertTrue(Integer.parseInt(unit.get("LimitNOFILE").get(0)) >= 65536, unitName);

      List<String> exec = List.of(unit.get("ExecStart").get(0).split(" "));
      assertTrue(exec.get(0).endsWith("/java"), exec.toString());
      int classpath = exec.indexOf("-cp");
      assertEquals(jvmOptions, exec.subList(1, classpath), unitName + ": bin/meshkit's JVM options");
      assertTrue(exec.get(classpath + 1).matches(".*/meshkit-server\\.jar:.*/lib/\\*"), "jar + lib/*, as bin/meshkit");
      assertEquals("io.meshkit.server.Main", exec.get(classpath + 2));
      List<String> command = exec.subList(classpath + 3, exec.size());
      String configFile = command.get(command.indexOf("--config") + 1);
      Path example = SYSTEMD.resolve(Path.of(configFile).getFileName());
      List<String> args = command.stream().map(a -> a.equals(configFile) ? example.toString() : a).toList();
      if (command.get(0).equals("server")) {
        ServerConfig.Resolved config = serverConfig(args);
        assertTrue(config.raft().dataDir().startsWith(Path.of("/var/lib/" + unit.get("StateDirectory").get(0))),
            "dataDir in the unit's StateDirectory");
      } else {
        assertEquals("relay", command.get(0), unitName);
        Main.RelayCommand relay = new Main.RelayCommand();
        new CommandLine(relay).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        RelayConfig.Resolved config = ConfigLoader.load(relay.config, Map.of(), RelayConfig.class).validate();
        assertTrue(config.dataDir().startsWith(Path.of("/var/lib/" + unit.get("StateDirectory").get(0))));
      }
    }
  }

  /** systemd's own check of the units (unknown keys, bad values), where systemd-analyze is installed. */
  @Test
  void systemdAcceptsTheUnits() throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
    // verify also checks that ExecStart's program exists.
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")), "no /usr/bin/java on this machine");
    List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify", "--man=no"));
    for (String unit : List.of("meshkit.service", "meshkit-relay.service")) {
      command.add(Files.copy(SYSTEMD.resolve(unit), dir.resolve(unit)).toString());
    }
    Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(verify.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(verify.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals("", output.strip(), "systemd-analyze verify");
    assertEquals(0, verify.exitValue(), output);
  }

  @Test
  void theImageRunsTheJarBinMeshkitBuilds() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));
    String serverJar = bin("lib.sh").assignment("SERVER_JAR").replace("$MESHKIT_ROOT/", "")
        .replace("$MESHKIT_VERSION", bin("lib.sh").assignment("MESHKIT_VERSION"));
    assertTrue(dockerfile.contains("COPY " + serverJar + " /opt/meshkit/meshkit-server.jar"), serverJar);
    assertTrue(dockerfile.contains("\"io.meshkit.server.Main\"]"), "the entrypoint ends with the main class");
    assertTrue(dockerfile.contains("USER 10001"), "the uid of the StatefulSet's securityContext");
  }

  /** A bin/ script's text, for the values it defines. */
  private record Script(String text) {
    /** The default JVM options ({@code JVM_OPTS=(${MESHKIT_JVM_OPTS:-...})}). */
    List<String> jvmOptions() {
      Matcher m = Pattern.compile("JVM_OPTS=\\(\\$\\{MESHKIT_JVM_OPTS:-([^}]*)}\\)").matcher(text);
      assertTrue(m.find(), "bin/meshkit's JVM_OPTS line");
      return List.of(m.group(1).trim().split(" +"));
    }

    String assignment(String name) {
      Matcher m = Pattern.compile("(?m)^" + name + "=\"?([^\"\\n]*)\"?$").matcher(text);
      assertTrue(m.find(), name + " in the script");
      return m.group(1);
    }
  }

  private static Script bin(String name) throws IOException {
    return new Script(Files.readString(ROOT.resolve("bin").resolve(name)));
  }

  /** {@code meshkit server ARGS} as Main parses and validates them. */
  private static ServerConfig.Resolved serverConfig(List<String> args) throws ConfigException {
    assertEquals("server", args.get(0));
    Main.ServerCommand server = new Main.ServerCommand();
    new CommandLine(server).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    return ConfigLoader.load(server.member.config, server.overrides()).validate();
  }

  private static JsonNode mount(JsonNode container, String volume) {
    for (JsonNode m : container.get("volumeMounts")) {
      if (m.get("name").asText().equals(volume)) {
        return m;
      }
    }
    throw new AssertionError("no volumeMount of " + volume + " in " + container.get("volumeMounts"));
  }

  private static JsonNode volume(JsonNode statefulSetSpec, String name) {
    for (JsonNode v : statefulSetSpec.at("/template/spec/volumes")) {
      if (v.get("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  /** A systemd unit's settings: key → values, in order ({@code #} comments and sections dropped). */
  private static Map<String, List<String>> unit(Path file) throws IOException {
    Map<String, List<String>> settings = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String t = line.strip();
      int eq = t.indexOf('=');
      if (t.isEmpty() || t.startsWith("#") || t.startsWith("[") || eq <= 0) {
        continue;
      }
      settings.computeIfAbsent(t.substring(0, eq), k -> new ArrayList<>()).add(t.substring(eq + 1));
    }
    return settings;
  }
}
