package io.meshkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Endpoint lists, key ranges and settings: what operators type and the errors they get. */
class EndpointsTest {
  @Test
  void parsesCommaSeparatedHostPortsIgnoringBlanks() {
    assertEquals(List.of("127.0.0.1:7001", "node-2.mesh:7002", "[::1]:7003"),
        Endpoints.parse(" 127.0.0.1:7001, node-2.mesh:7002,,[::1]:7003 "));
  }

  @Test
  void rejectsMalformedEndpointsNamingTheEntryAndTheFix() {
    for (String bad : List.of("127.0.0.1", "http://127.0.0.1:7001", "host:port", "host:0", "host:70000",
        "::1:7001", ":7001")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoints.parse(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("e.g. 127.0.0.1:7001"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Endpoints.parse(" , "));
  }

  @Test
  void prefixEndIncrementsTheLastByteBelowFf() {
    assertEquals(ByteString.copyFromUtf8("app0"), KeyRanges.prefixEnd(ByteString.copyFromUtf8("app/")));
    assertEquals(ByteString.copyFrom(new byte[] {'a', 'c'}),
        KeyRanges.prefixEnd(ByteString.copyFrom(new byte[] {'a', 'b', (byte) 0xff})));
    assertEquals(KeyRanges.ALL_FROM, KeyRanges.prefixEnd(ByteString.copyFrom(new byte[] {(byte) 0xff})));
    assertEquals(KeyRanges.ALL_FROM, KeyRanges.prefixEnd(ByteString.EMPTY));
  }

  @Test
  void backoffStaysWithinHalfAndAllOfItsDoublingCeiling() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
    for (int i = 0; i < 200; i++) {
      long first = backoff.delayNanos(1);
      assertTrue(first >= 50_000_000 && first <= 100_000_000, "first " + first);
      long third = backoff.delayNanos(3);
      assertTrue(third >= 200_000_000 && third <= 400_000_000, "third " + third);
      long late = backoff.delayNanos(40);
      assertTrue(late >= 400_000_000 && late <= 800_000_000, "capped " + late);
    }
  }

  @Test
  void tlsSettingsRefuseHalfAKeyPairAndMissingFiles() {
    Path missing = Path.of("/nonexistent/ca.pem");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientTls.verifyServer(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClientTls(null, Path.of("c"), null));
    assertThrows(IllegalArgumentException.class, () -> MeshkitClient.builder().callTimeout(Duration.ZERO));
  }
}
