package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations files under {@code docs/ops/}: the Grafana dashboard is an importable dashboard whose
 * panels all query the input datasource, the alert rules are a Prometheus rule file covering the alerts
 * operations.md promises (with runbooks there), and every {@code meshkit_...} metric either names is
 * exported by a running cluster — members, a relay inside a member, and the probes.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OpsFilesIT {
  private static final Path OPS = Path.of("..", "docs", "ops");
  private static final Path DASHBOARD = OPS.resolve("grafana-dashboard.json");
  private static final Path ALERTS = OPS.resolve("alerts.yaml");
  private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
  /** A metric name in PromQL: meshkit_ not preceded by another name character. */
  private static final Pattern METRIC = Pattern.compile("(?<![a-zA-Z0-9_:])meshkit_[a-zA-Z0-9_:]*");
  private static final Pattern DURATION = Pattern.compile("\\d+[smhdwy]");
  private static final Set<String> ALERTS_PROMISED = Set.of("MeshkitNoLeader", "MeshkitFrequentLeaderChanges",
      "MeshkitFollowerLagging", "MeshkitSlowLogFlush", "MeshkitLeaseExpiryStorm", "MeshkitRebalanceStuck",
      "MeshkitRelayRoutesStale", "MeshkitProbeFailing");
  private static final List<String> ROWS = List.of("Raft health", "Apply", "gRPC API", "Watches, leases, elections",
      "Gossip", "Rebalancer", "Relay", "Synthetic probes");

  @TempDir
  Path dir;

  @Test
  void theDashboardIsAnImportableGrafanaDashboardOnItsInputDatasource() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    JsonNode inputs = dashboard.path("__inputs");
    assertEquals(1, inputs.size(), "one datasource input");
    assertEquals("datasource", inputs.get(0).path("type").asText());
    assertEquals("prometheus", inputs.get(0).path("pluginId").asText());
    String uid = "${" + inputs.get(0).path("name").asText() + "}";
    assertFalse(dashboard.path("title").asText().isBlank(), "a title");
    assertFalse(dashboard.path("uid").asText().isBlank(), "a uid (stable links)");
    assertTrue(dashboard.path("schemaVersion").asInt() > 0, "a schemaVersion");
    List<String> rows = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      String title = panel.path("title").asText();
      assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + title);
      assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("y"), "gridPos of " + title);
      if ("row".equals(panel.path("type").asText())) {
        rows.add(title);
        continue;
      }
      assertEquals(uid, panel.path("datasource").path("uid").asText(), "datasource of panel " + title);
      assertTrue(panel.path("targets").size() > 0, "panel " + title + " has targets");
      for (JsonNode target : panel.path("targets")) {
        assertFalse(target.path("expr").asText().isBlank(), "a target of " + title + " has an expr");
        assertFalse(target.path("refId").asText().isBlank(), "a target of " + title + " has a refId");
        assertEquals(uid, target.path("datasource").path("uid").asText(), "datasource of a target of " + title);
      }
    }
    assertEquals(ROWS, rows, "the rows, in order");
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      assertEquals(uid, variable.path("datasource").path("uid").asText(), "datasource of $" + variable.path("name"));
    }
  }

  @Test
  void theAlertsAreAPrometheusRuleFileCoveringEveryPromisedAlertWithARunbook() throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
    String operations = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
    Set<String> anchors = headingAnchors(operations);
    Set<String> names = new TreeSet<>();
    assertTrue(rules.path("groups").size() > 0, "groups");
    for (JsonNode group : rules.path("groups")) {
      assertFalse(group.path("name").asText().isBlank(), "every group has a name");
      assertTrue(group.path("rules").size() > 0, "group " + group.path("name") + " has rules");
      for (JsonNode rule : group.path("rules")) {
        String alert = rule.path("alert").asText();
        assertTrue(alert.matches("Meshkit[A-Za-z]+"), "alert name " + alert);
        assertTrue(names.add(alert), "alert " + alert + " is defined once");
        assertFalse(rule.path("expr").asText().isBlank(), alert + ": expr");
        assertTrue(DURATION.matcher(rule.path("for").asText()).matches(), alert + ": for is a duration");
        assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asText()),
            alert + ": labels.severity is critical, warning or info");
        for (String annotation : List.of("summary", "description", "runbook")) {
          assertFalse(rule.path("annotations").path(annotation).asText().isBlank(), alert + ": annotations."
              + annotation);
        }
        String runbook = rule.path("annotations").path("runbook").asText();
        assertTrue(runbook.startsWith("docs/operations.md#"), alert + ": the runbook is in docs/operations.md");
        assertTrue(anchors.contains(runbook.substring(runbook.indexOf('#') + 1)), alert + ": operations.md has a"
            + " heading for " + runbook);
      }
    }
    assertTrue(names.containsAll(ALERTS_PROMISED), "missing alerts: " + ALERTS_PROMISED.stream()
        .filter(a -> !names.contains(a)).toList());
  }

  /**
   * promtool (Prometheus' own checker: PromQL syntax, durations, templates) checks the rules and runs their
   * unit tests (docs/ops/alerts-test.yaml). It is not a Maven artifact:
   * on PATH (Debian: apt-get install prometheus) or named by $PROMTOOL; without it this test is reported
   * as skipped, with the reason.
   */
  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    Optional<Path> promtool = promtool();
    if (promtool.isEmpty()) {
      System.err.println("OpsFilesIT: promtool not found (PATH or $PROMTOOL): the rules were not checked by"
          + " Prometheus; apt-get install prometheus");
    }
    Assumptions.assumeTrue(promtool.isPresent(), "promtool not found (PATH or $PROMTOOL); apt-get install prometheus");
    promtool(promtool.get(), "check", "rules", ALERTS.toString());
    // Its rule unit tests: alerts fire (labels, rendered annotations) when they should and not otherwise.
    promtool(promtool.get(), "test", "rules", OPS.resolve("alerts-test.yaml").toString());
  }

  private static void promtool(Path promtool, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "promtool finished");
    assertEquals(0, run.exitValue(), "promtool " + String.join(" ", args) + ":\n" + output);
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
    Set<String> named = new TreeSet<>();
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    dashboard.findValues("expr").forEach(e -> named.addAll(metrics(e.asText())));
    dashboard.path("templating").path("list").forEach(v -> named.addAll(metrics(v.path("definition").asText())));
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
    rules.path("groups").forEach(g -> g.path("rules").forEach(r -> named.addAll(metrics(r.path("expr").asText()))));
    assertTrue(named.size() > 40, "the files name the metrics: " + named);

    try (ProbedCluster probed = ProbedCluster.start(dir.resolve("cluster"))) {
      MiniCluster cluster = probed.cluster;
      // Before the namespace exists the relay answers 503: the relay check fails once, with a reason.
      Await.until(() -> exported(cluster, probed).contains("meshkit_probe_failures_total"), Duration.ofSeconds(60),
          "a probe failure counted");
      probed.createCanaryNamespace();
      try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
        client.put("ops/traffic", "1");
        client.get("ops/traffic");
        try {
          client.revokeLease(424242); // no such lease: a failed call for meshkit_grpc_failures_total
          fail("revoking a lease that does not exist succeeded");
        } catch (MeshkitClientException expected) {
          // NOT_FOUND
        }
      }
      // Some meters appear with their first event (a probe round, a relay request): poll for a while.
      Set<String> missing = named;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(1000);
        Set<String> exported = exported(cluster, probed);
        missing = named.stream().filter(n -> !exported.contains(n)).collect(Collectors.toCollection(TreeSet::new));
      }
      assertEquals(Set.of(), missing, "metrics named in docs/ops that no member or relay exports");

      // MeshkitFollowerLagging's gauge: a stopped follower falls behind by what the leader writes meanwhile.
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      int follower = leader == 1 ? 2 : 1; // member 0 runs the relay and the probes: keep it
      String followerId = cluster.node(follower).memberId();
      cluster.stop(follower);
      try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoint(leader)).build()) {
        for (int i = 0; i < 50; i++) {
          client.put("ops/lag", Integer.toString(i));
        }
      }
      double lag = ProbedCluster.value(ProbedCluster.scrape(cluster.adminEndpoint(leader)),
          "meshkit_raft_follower_lag", Map.of("follower", followerId)).orElse(-1);
      assertTrue(lag >= 50, "the leader sees stopped follower " + followerId + " at least 50 entries behind: " + lag);
    }
  }

  /** The names of every sample the members and the relay export now (histograms: _bucket, _count, _sum). */
  private static Set<String> exported(MiniCluster cluster, ProbedCluster probed) {
    Set<String> names = new HashSet<>();
    List<String> admins = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      admins.add(cluster.adminEndpoint(i));
    }
    admins.add(probed.relayAdmin);
    for (String admin : admins) {
      try {
        ProbedCluster.samples(ProbedCluster.scrape(admin)).keySet().forEach(s -> names.add(s.name()));
      } catch (Exception e) {
        return Set.of();
      }
    }
    return names;
  }

  private static Set<String> metrics(String promql) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** GitHub's anchors of the markdown headings: lower case, spaces to dashes, punctuation dropped. */
  private static Set<String> headingAnchors(String markdown) {
    return markdown.lines().filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+\\s*", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-')).collect(Collectors.toSet());
  }

  private static Optional<Path> promtool() {
    String named = System.getenv("PROMTOOL");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dirName, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
