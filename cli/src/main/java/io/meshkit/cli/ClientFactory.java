package io.meshkit.cli;

import io.meshkit.client.ClientTls;
import io.meshkit.client.MeshkitClient;
import java.time.Duration;
import java.util.List;

/**
 * Opens the client a command talks through. Called at most once per command, after the command
 * line has been validated; the command closes the client. Tests substitute their own.
 */
@FunctionalInterface
interface ClientFactory {
  MeshkitClient connect(List<String> endpoints, Duration callTimeout, ClientTls tls);

  /**
   * The client, sending {@code token} (a bearer token, or null) on every call. Factories that cannot
   * send tokens (test doubles) refuse one.
   */
  default MeshkitClient connect(List<String> endpoints, Duration callTimeout, ClientTls tls, String token) {
    if (token != null) {
      throw new UsageException("this meshctl cannot send bearer tokens");
    }
    return connect(endpoints, callTimeout, tls);
  }

  /** The real client, as configured by the global options. */
  static ClientFactory standard() {
    return new ClientFactory() {
      @Override
      public MeshkitClient connect(List<String> endpoints, Duration callTimeout, ClientTls tls) {
        return connect(endpoints, callTimeout, tls, null);
      }

      @Override
      public MeshkitClient connect(List<String> endpoints, Duration callTimeout, ClientTls tls, String token) {
        MeshkitClient.Builder b = MeshkitClient.builder().endpoints(endpoints).callTimeout(callTimeout).tls(tls);
        return (token == null ? b : b.token(token)).build();
      }
    };
  }
}
