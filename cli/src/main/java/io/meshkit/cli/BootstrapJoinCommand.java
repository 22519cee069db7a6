package io.meshkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meshkit.client.Endpoints;
import io.meshkit.client.JoinClient;
import io.meshkit.proto.JoinTokenText;
import io.meshkit.proto.v1.JoinPeer;
import io.meshkit.proto.v1.JoinRequest;
import io.meshkit.proto.v1.JoinResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl bootstrap join}: on the new machine, makes a key (never sent), asks a member's bootstrap
 * port for a certificate with a join token, and writes what it gets. Talks to the bootstrap endpoint only,
 * not to {@code --endpoints}; the whole command line and the output directory are checked first.
 */
@Command(name = "join", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Joins this machine with a join token: makes an EC P-256 key here, sends a certificate request "
        + "to a member's bootstrap port and writes, into --out: key.pem (0600), cert.pem (the certificate and the "
        + "CA), ca.pem (the cluster's CA bundle), gossip.key (0600, when the cluster seals gossip) and peers.json "
        + "(the members and their addresses). Then prints the configuration lines that use them.",
        "The token is sent only to a server whose certificate chains to the CA the token pins. A join uses up one "
            + "of the token's uses; it is not retried."},
    footer = {"", "Examples:",
        "  meshctl bootstrap join --join-token \"$TOKEN\" --endpoint 10.0.0.1:7401 --name n4 --san IP:10.0.0.4 "
            + "--san DNS:n4.example --out /etc/meshkit/tls",
        "  meshctl bootstrap join --join-token \"$TOKEN\" --endpoint 10.0.0.1:7401 --name relay-1 --out ./relay-tls"})
final class BootstrapJoinCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  @Spec
  CommandSpec spec;

  @Option(names = "--join-token", required = true, paramLabel = "TOKEN",
      description = "The join token, as issue printed it (--token is the global bearer token of RBAC).")
  String token;

  @Option(names = "--endpoint", required = true, paramLabel = "HOST:PORT",
      description = "A member's bootstrap port (its bootstrapAddress).")
  String endpoint;

  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "This machine's name in the cluster: the certificate's CN (a member id like n4, a relay name).")
  String name;

  @Option(names = "--san", paramLabel = "IP:ADDR|DNS:NAME",
      description = "A subject alternative name for the certificate; repeat it. Members need one for every address "
          + "others reach them at.")
  List<String> sans = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the files.")
  Path out;

  @Option(names = "--force", description = "Replace files already in --out.")
  boolean force;

  @Override
  public Integer call() {
    Meshctl root = (Meshctl) spec.root().userObject();
    ErrorReporter reporter = new ErrorReporter(spec.commandLine().getErr(), spec.qualifiedName());
    try {
      if (JoinTokenText.parse(token).isEmpty()) {
        throw new UsageException("--join-token is not a join token: give it as " + JoinTokenText.expectedForm());
      }
      try {
        Endpoints.parse(endpoint);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--endpoint: " + e.getMessage());
      }
      JoinFiles files = new JoinFiles(out, force);
      files.requireWritable();
      JoinCredentials credentials = JoinCredentials.make(name, sans);
      JoinResponse response = JoinClient.join(endpoint, JoinRequest.newBuilder().setToken(token).setName(name)
          .setCsrPem(credentials.csrPem()).build(), root.globals().timeout());
      BootstrapViews.Joined joined = write(files, credentials, response);
      new Output(root.globals().output(), spec.commandLine().getOut()).print(joined,
          w -> BootstrapText.joined(w, joined));
      return ExitCodes.OK;
    } catch (Exception e) {
      return reporter.report(e, List.of(endpoint), true);
    }
  }

  private BootstrapViews.Joined write(JoinFiles files, JoinCredentials credentials, JoinResponse r)
      throws JsonProcessingException {
    files.write(JoinFiles.KEY, credentials.keyPem(), true);
    files.write(JoinFiles.CERT, r.getCertificateChainPem(), false);
    files.write(JoinFiles.CA, r.getCaBundlePem(), false);
    boolean gossip = !r.getGossipKey().isEmpty();
    if (gossip) {
      files.write(JoinFiles.GOSSIP_KEY, Base64.getEncoder().encodeToString(r.getGossipKey().toByteArray()) + "\n",
          true);
    }
    files.write(JoinFiles.PEERS, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.getPeersList().stream()
        .map(p -> new Peer(p.getId(), p.getClientAddress(), p.getRaftAddress(), p.getGossipAddress(),
            p.getAdminAddress())).toList()) + "\n", false);
    return new BootstrapViews.Joined(name, r.getRole(), r.getClusterName(),
        Instant.ofEpochMilli(r.getNotAfterUnixMs()).toString(), new BootstrapViews.Joined.Files(
            files.path(JoinFiles.KEY).toString(), files.path(JoinFiles.CERT).toString(),
            files.path(JoinFiles.CA).toString(), gossip ? files.path(JoinFiles.GOSSIP_KEY).toString() : null,
            files.path(JoinFiles.PEERS).toString()), configLines(files, r, gossip));
  }

  /** One member as peers.json lists it. */
  record Peer(String id, String clientAddress, String raftAddress, String gossipAddress, String adminAddress) {}

  /** What to put in the member's, the relay's or meshctl's configuration to use the files. */
  private static List<String> configLines(JoinFiles files, JoinResponse r, boolean gossip) {
    List<String> clients = r.getPeersList().stream().map(JoinPeer::getClientAddress).toList();
    String cert = files.path(JoinFiles.CERT).toString();
    String key = files.path(JoinFiles.KEY).toString();
    String ca = files.path(JoinFiles.CA).toString();
    List<String> lines = new ArrayList<>();
    switch (r.getRole()) {
      case "member" -> {
        lines.add("tlsCertFile: " + cert);
        lines.add("tlsKeyFile: " + key);
        lines.add("tlsCaFile: " + ca);
        if (gossip) {
          lines.add("gossipKeyFile: " + files.path(JoinFiles.GOSSIP_KEY));
        }
      }
      case "relay" -> {
        lines.add("endpoints: [" + String.join(", ", clients) + "]");
        lines.add("clusterTls: {caFile: " + ca + ", certFile: " + cert + ", keyFile: " + key + "}");
        List<String> seeds = r.getPeersList().stream().map(JoinPeer::getGossipAddress).filter(a -> !a.isEmpty())
            .toList();
        if (!seeds.isEmpty()) {
          lines.add("gossip: {address: <this relay's HOST:PORT>, seeds: [" + String.join(", ", seeds) + "], cluster: "
              + r.getClusterName() + (gossip ? ", keyFile: " + files.path(JoinFiles.GOSSIP_KEY) : "") + "}");
        }
      }
      default -> lines.add("meshctl --endpoints " + String.join(",", clients) + " --cacert " + ca + " --cert " + cert
          + " --key " + key + " ...");
    }
    return lines;
  }
}
