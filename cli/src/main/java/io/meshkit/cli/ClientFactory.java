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

  /** The real client, as configured by the global options. */
  static ClientFactory standard() {
    return (endpoints, callTimeout, tls) ->
        MeshkitClient.builder().endpoints(endpoints).callTimeout(callTimeout).tls(tls).build();
  }
}
