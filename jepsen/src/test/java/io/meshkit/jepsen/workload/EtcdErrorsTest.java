package io.meshkit.jepsen.workload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class EtcdErrorsTest {

  @Test
  void connectFailureIsDefinite() {
    Throwable refused = Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException();
    assertTrue(EtcdErrors.classify(refused).definite());
    assertTrue(EtcdErrors.classify(new CompletionException(refused)).definite(), "found below wrappers");
  }

  @Test
  void unavailableAfterSendingIsIndeterminate() {
    assertFalse(EtcdErrors.classify(Status.UNAVAILABLE.withDescription("etcdserver: leader changed")
        .asRuntimeException()).definite());
    assertFalse(EtcdErrors.classify(Status.UNAVAILABLE.withDescription("etcdserver: request timed out")
        .asRuntimeException()).definite());
  }

  @Test
  void deadlineUnknownAndInternalAreIndeterminate() {
    assertFalse(EtcdErrors.classify(Status.DEADLINE_EXCEEDED.asRuntimeException()).definite());
    assertFalse(EtcdErrors.classify(Status.UNKNOWN.asRuntimeException()).definite());
    assertFalse(EtcdErrors.classify(Status.INTERNAL.asRuntimeException()).definite());
    assertFalse(EtcdErrors.classify(new IllegalStateException("no status at all")).definite());
  }

  @Test
  void requestsEtcdRefusedBeforeRaftAreDefinite() {
    assertTrue(EtcdErrors.classify(Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: too many requests")
        .asRuntimeException()).definite());
    assertTrue(EtcdErrors.classify(Status.INVALID_ARGUMENT.withDescription("etcdserver: request is too large")
        .asRuntimeException()).definite());
  }

  @Test
  void jetcdsWrapperIsUnwrappedToItsCode() {
    Throwable wrapped = EtcdExceptionFactory.toEtcdException(Status.INVALID_ARGUMENT.withDescription("bad"));
    assertTrue(EtcdErrors.classify(wrapped).definite());
    Throwable timeout = EtcdExceptionFactory.toEtcdException(Status.DEADLINE_EXCEEDED);
    assertFalse(EtcdErrors.classify(timeout).definite());
  }

  @Test
  void timeoutIsIndeterminate() {
    assertFalse(EtcdErrors.timedOut(4000, null).definite());
  }
}
