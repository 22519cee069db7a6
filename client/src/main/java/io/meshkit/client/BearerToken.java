package io.meshkit.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/** Sends a MeshKit bearer token ({@code mktok...}) as {@code authorization: Bearer <token>} on every call. */
final class BearerToken extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
      Metadata.ASCII_STRING_MARSHALLER);
  private final String token;

  BearerToken(String token) {
    if (token == null || token.isBlank() || !token.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IllegalArgumentException("a bearer token is printable ASCII without spaces (mktok.<id>.<secret>)");
    }
    this.token = token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    try {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(headers);
    } catch (RuntimeException e) {
      applier.fail(Status.UNAUTHENTICATED.withDescription("cannot attach the bearer token").withCause(e));
    }
  }
}
