package io.meshkit.access.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.raft.CommandRejectedException;
import org.junit.jupiter.api.Test;

class TransportPolicyValidationTest {
  private static String refused(TransportPolicy.Builder policy) {
    CommandRejectedException e = assertThrows(CommandRejectedException.class,
        () -> TransportPolicyValidation.check(policy.build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(!e.hint().isEmpty(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void knownNamesOnceEachAndIdentityAmongEncodings() {
    assertDoesNotThrow(() -> TransportPolicyValidation.check(TransportPolicy.newBuilder().setRequireTls(true)
        .addClientProtocols("h2").addClientProtocols("http1.1").addBackendProtocols("h2c")
        .addGrpcEncodings("identity").addGrpcEncodings("gzip").build()));
    assertDoesNotThrow(() -> TransportPolicyValidation.check(TransportPolicy.getDefaultInstance()));
    assertTrue(refused(TransportPolicy.newBuilder().addClientProtocols("http2")).contains("client_protocols names"
        + " 'http2'"));
    assertTrue(refused(TransportPolicy.newBuilder().addBackendProtocols("h2c").addBackendProtocols("h2c"))
        .contains("backend_protocols names h2c twice"));
    assertTrue(refused(TransportPolicy.newBuilder().addGrpcEncodings("gzip")).contains("does not allow identity"));
    assertTrue(refused(TransportPolicy.newBuilder().addGrpcEncodings("identity").addGrpcEncodings("br"))
        .contains("grpc_encodings names 'br'"));
  }
}
