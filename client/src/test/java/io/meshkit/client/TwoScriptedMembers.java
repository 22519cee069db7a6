package io.meshkit.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The fixture of the client's tests against scripted members: members {@code a} and {@code b}, and
 * a client that talks to a, then b — 5 s per call, fast backoff — fresh for every test.
 */
@Timeout(60)
abstract class TwoScriptedMembers {
  ScriptedMember a;
  ScriptedMember b;
  MeshkitClient client;

  @BeforeEach
  void startMembers() throws IOException {
    a = new ScriptedMember("a");
    b = new ScriptedMember("b");
    client = client(Duration.ofSeconds(5), a.endpoint(), b.endpoint());
  }

  @AfterEach
  void stopMembers() throws InterruptedException {
    client.close();
    a.close();
    b.close();
  }

  /** A client of {@code endpoints} with {@code timeout} per call and a 5-50 ms backoff. */
  static MeshkitClient client(Duration timeout, String... endpoints) {
    return MeshkitClient.builder().endpoints(List.of(endpoints)).callTimeout(timeout)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
  }
}
