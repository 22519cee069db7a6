package io.meshkit.jepsen.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class RegistryNodeClientTest {

  @Test
  void anEpochConflictIsADefiniteRefusalWithItsCode() {
    KvClient.OpException conflict = RegistryNodeClient.classify(ErrorCodes.toException(ErrorCode.CONFLICT,
        "shard/ns/0 is at epoch 3, not 2", "read it again"));
    assertTrue(conflict.definite());
    assertEquals(ErrorCode.CONFLICT, RegistryNodeClient.code(conflict));
    assertTrue(conflict.getMessage().startsWith("CONFLICT: shard/ns/0 is at epoch 3"), conflict.getMessage());
  }

  @Test
  void otherRefusalsAreDefinite() {
    assertTrue(RegistryNodeClient.classify(ErrorCodes.toException(ErrorCode.FAILED_PRECONDITION, "owned", ""))
        .definite());
    assertTrue(RegistryNodeClient.classify(ErrorCodes.toException(ErrorCode.ALREADY_EXISTS, "exists", ""))
        .definite());
  }

  @Test
  void noAnswerOrNoLeaderAfterSendingLeavesTheOutcomeUnknown() {
    assertFalse(RegistryNodeClient.classify(Status.DEADLINE_EXCEEDED.asRuntimeException()).definite());
    assertFalse(RegistryNodeClient.classify(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException())
        .definite());
    assertFalse(RegistryNodeClient.classify(ErrorCodes.toException(ErrorCode.NO_LEADER, "no leader", "")).definite());
    assertFalse(RegistryNodeClient.classify(Status.CANCELLED.asRuntimeException()).definite());
  }

  @Test
  void aRefusedConnectionSentNothing() {
    assertTrue(RegistryNodeClient.classify(Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException()).definite());
  }
}
