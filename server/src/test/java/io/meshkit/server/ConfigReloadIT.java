package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.RangeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member started from a config file picks up changes to it while it runs: rate limits, readiness lag
 * and log levels are applied; a changed address is refused as needing a restart (the member keeps
 * serving where it was); a broken file is refused as a whole. {@code /control/config} tells which.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConfigReloadIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void appliesWhatIsSafeAndRefusesTheRest() throws Exception {
    PeerConfig self = FreePorts.peers("n", 1).get(0);
    Path file = dir.resolve("node.yaml");
    String base = "nodeId: n1\ndataDir: " + dir.resolve("data") + "\ninitialCluster:\n  - id: n1\n    raftAddress: "
        + self.raftAddress() + "\n    clientAddress: " + self.clientAddress() + "\n    adminAddress: "
        + self.adminAddress() + "\n";
    Files.writeString(file, base);
    ServerConfig written = ConfigLoader.load(file, Map.of());
    try (MeshkitServer member = MeshkitServer.start(written.validate(), t -> { })) {
      member.watchConfig(file, written, () -> {
        ServerConfig next = Main.loadConfig(file, Map.of(), ServerConfig.class);
        return new ConfigReloader.Loaded<>(next, next.validate());
      }, Duration.ofMillis(100));
      ManagedChannel channel = Grpc.newChannelBuilder(self.clientAddress(), InsecureChannelCredentials.create())
          .build();
      try {
        RangeRequest read = RangeRequest.newBuilder().setKey(com.google.protobuf.ByteString.copyFromUtf8("k"))
            .setSerializable(true).build();
        Await.until(() -> served(channel, read) == null, Duration.ofSeconds(30), "the member to serve reads");
        for (int i = 0; i < 20; i++) {
          assertEquals(null, served(channel, read), "no rate limit configured yet");
        }

        // A rate limit and a log level added: both applied, the limit bites.
        Files.writeString(file, base + "rateLimit: {requestsPerSecond: 1, burst: 2}\nlogLevels: {io.meshkit.raft: debug}\n");
        JsonNode applied = awaitReload(self, "applied");
        assertTrue(applied.get("applied").toString().contains("rateLimit"), applied::toString);
        assertTrue(applied.get("applied").toString().contains("logLevels"), applied::toString);
        assertEquals(Level.FINE, Logger.getLogger("io.meshkit.raft").getLevel());
        ErrorCode refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
          refused = served(channel, read);
        }
        assertEquals(ErrorCode.RATE_LIMITED, refused, "the reloaded limit refuses a caller over its burst");

        // An address changed: refused as needing a restart; the member still serves on the old one.
        Files.writeString(file, base.replace(self.clientAddress(), "127.0.0.1:1") + "logLevels: {io.meshkit.raft: debug}\n");
        JsonNode restart = awaitReload(self, "refused");
        assertTrue(restart.get("refused").toString().contains("initialCluster: needs a restart"), restart::toString);
        assertTrue(restart.get("applied").toString().contains("rateLimit"), "the limit removed: " + restart);
        Await.until(() -> served(channel, read) == null, Duration.ofSeconds(10), "reads without a limit again");

        // A broken file: refused as a whole, nothing changes.
        Files.writeString(file, base + "logLevels: {io.meshkit.raft: loud}\n");
        JsonNode invalid = awaitReload(self, "invalid");
        assertTrue(invalid.get("error").asText().contains("logLevels.io.meshkit.raft is 'loud'"), invalid::toString);
        assertEquals(Level.FINE, Logger.getLogger("io.meshkit.raft").getLevel(), "the running level is kept");
        assertEquals(null, served(channel, read));
      } finally {
        channel.shutdownNow();
        LogLevels.apply(Map.of());
      }
    }
  }

  /** null when the read was served, else the error code it was refused with. */
  private static ErrorCode served(ManagedChannel channel, RangeRequest read) {
    try {
      KVGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).range(read);
      return null;
    } catch (StatusRuntimeException e) {
      return ErrorCodes.detailOf(e).getCode();
    }
  }

  /** Polls /control/config until the last reload has {@code result}; returns the report. */
  private static JsonNode awaitReload(PeerConfig self, String result) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode[] last = new JsonNode[1];
    Await.until(() -> {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + self.adminAddress()
            + "/control/config")).build(), HttpResponse.BodyHandlers.ofString());
        last[0] = JSON.readTree(r.body());
        return r.statusCode() == 200 && result.equals(last[0].get("result").asText());
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(20), "a reload with result " + result);
    return last[0];
  }
}
