package io.meshkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads a relay's admin server over HTTP: {@code /control/status}, {@code /control/backpressure}
 * (JSON with the field names of {@link RelayViews.Status} and {@link RelayViews.Backpressure}; fields
 * it does not know are ignored) and {@code /control/routes} (a {@code RegistrySnapshotResponse} in
 * Protobuf's JSON). A relay that does not answer is an {@link UnreachableException}; an answer that
 * is not the relay's (another status, another body) a {@link CommandFailedException} saying so.
 */
final class RelayAdminClient {
  static final String UNREACHABLE_HINT = "is `bin/meshkit relay` running, and is --relay (or $"
      + RelayAdminCommand.RELAY_ENV + ") its admin address (`admin:` in its relay.yaml)?";
  static final String NOT_A_RELAY_HINT = "is --relay the relay's admin address (`admin:` in its relay.yaml), not "
      + "its listen address or a member's admin address?";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final String address;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param address the admin server's {@code host:port}
   * @param timeout bound of connecting and of each answer
   */
  RelayAdminClient(String address, Duration timeout) {
    this.address = address;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  String address() {
    return address;
  }

  RelayViews.Status status() throws InterruptedException {
    return read("/control/status", RelayViews.Status.class);
  }

  RelayViews.Backpressure backpressure() throws InterruptedException {
    return read("/control/backpressure", RelayViews.Backpressure.class);
  }

  RegistrySnapshotResponse routes() throws InterruptedException {
    String body = get("/control/routes");
    RegistrySnapshotResponse.Builder snapshot = RegistrySnapshotResponse.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(body, snapshot);
    } catch (InvalidProtocolBufferException e) {
      throw notTheRelays("/control/routes", e.getMessage());
    }
    return snapshot.build();
  }

  private <T> T read(String path, Class<T> type) throws InterruptedException {
    String body = get(path);
    try {
      return JSON.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw notTheRelays(path, e.getOriginalMessage());
    }
  }

  /** The body of a 200 answer to GET {@code path}. */
  private String get(String path) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(timeout)
        .header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UnreachableException("cannot reach the relay admin at " + address + ": " + why(e), UNREACHABLE_HINT);
    }
    if (response.statusCode() != 200) {
      String body = response.body().strip();
      throw new CommandFailedException("the relay admin at " + address + " answered HTTP " + response.statusCode()
          + " to GET " + path + (body.isEmpty() ? "" : ": " + body.lines().findFirst().orElse("")), NOT_A_RELAY_HINT);
    }
    return response.body();
  }

  private CommandFailedException notTheRelays(String path, String problem) {
    return new CommandFailedException("the answer of " + address + " to GET " + path + " is not the relay's JSON: "
        + problem, NOT_A_RELAY_HINT);
  }

  private String why(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + LeadershipText.duration(timeout.toMillis());
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + LeadershipText.duration(timeout.toMillis());
    }
    if (e instanceof ConnectException) {
      return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused"
          : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
