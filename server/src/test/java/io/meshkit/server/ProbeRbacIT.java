package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.ClientTls;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone prober under RBAC (three members over mutual TLS, enforcement on): with the role
 * docs/operations.md gives it ({@code kv:write:meshkit-probe/}, {@code lease:write},
 * {@code election:write:meshkit-probe/}) every check passes; a prober without a role fails with
 * reason {@code permission_denied}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProbeRbacIT {
  @TempDir
  Path dir;

  @Test
  void theDocumentedProberRoleIsEnoughAndNeeded() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    Path[] root = ca.issue("root", 2, "/CN=root/O=admin");
    Path[] granted = ca.issue("p1", 3);
    Path[] ungranted = ca.issue("p2", 4);
    MiniCluster.Options options = MiniCluster.Options.defaults().withTls(new MiniCluster.Options.Tls(node[0], node[1],
        ca.ca(), "require", Duration.ofSeconds(10)));
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"), options);
         MeshkitClient admin = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
             .tls(ClientTls.mutual(ca.ca(), root[0], root[1])).build()) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      admin.auth().putRole(Role.newBuilder().setName("prober")
          .addPermissions(Permission.newBuilder().setApi("kv").setAccess(Access.WRITE).setPrefix("meshkit-probe/"))
          .addPermissions(Permission.newBuilder().setApi("lease").setAccess(Access.WRITE))
          .addPermissions(Permission.newBuilder().setApi("election").setAccess(Access.WRITE)
              .setPrefix("meshkit-probe/")).build());
      admin.auth().putUser(User.newBuilder().setName("p1").addRoles("prober").build());
      admin.auth().enable();
      try (ProbeProcess withRole = prober(cluster, ca, granted, "p1");
           ProbeProcess without = prober(cluster, ca, ungranted, "p2")) {
        String withAdmin = "127.0.0.1:" + withRole.adminPort();
        String withoutAdmin = "127.0.0.1:" + without.adminPort();
        Await.until(() -> checks(withAdmin, 1.0), Duration.ofSeconds(60), "p1's checks pass with role prober");
        Await.until(() -> checks(withoutAdmin, 0.0), Duration.ofSeconds(60), "p2's checks fail without a role");
        for (String check : new String[] {"kv", "election"}) {
          assertTrue(ProbedCluster.value(ProbedCluster.scrape(withoutAdmin), "meshkit_probe_failures_total",
              Map.of("check", check, "reason", "permission_denied")).orElse(0) > 0, check + " refused for p2");
        }
      }
    }
  }

  private static ProbeProcess prober(MiniCluster cluster, TestCertificates ca, Path[] identity, String id)
      throws Exception {
    return ProbeProcess.start(ConfigLoader.parse("""
        interval: 1s
        timeout: 1s
        id: %s
        admin: 127.0.0.1:%d
        endpoints: [%s]
        clusterTls: {caFile: "%s", certFile: "%s", keyFile: "%s"}
        """.formatted(id, FreePorts.distinct(1).get(0), String.join(", ", cluster.clientEndpoints()), ca.ca(),
        identity[0], identity[1]), ProbeConfig.class).validateStandalone());
  }

  /** Whether the prober at {@code admin} reports {@code success} for both cluster checks. */
  private static boolean checks(String admin, double success) {
    try {
      String text = ProbedCluster.scrape(admin);
      return ProbedCluster.value(text, "meshkit_probe_success", Map.of("check", "kv")).orElse(-1) == success
          && ProbedCluster.value(text, "meshkit_probe_success", Map.of("check", "election")).orElse(-1) == success;
    } catch (Exception e) {
      return false;
    }
  }
}
