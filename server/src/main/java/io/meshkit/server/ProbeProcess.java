package io.meshkit.server;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.TlsMaterial;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * A standalone prober ({@code bin/meshkit probe}): the {@link ProbeRunner} with its own client to the
 * cluster (plaintext, or {@code clusterTls}) and an HTTP server at {@code admin} serving
 * {@code /metrics} and {@code /healthz}. Wiring only.
 */
public final class ProbeProcess implements AutoCloseable {
  private final ProbeRunner runner;
  private final HttpServer admin;
  private final Optional<TlsMaterial> tls;

  private ProbeProcess(ProbeRunner runner, HttpServer admin, Optional<TlsMaterial> tls) {
    this.runner = runner;
    this.admin = admin;
    this.tls = tls;
  }

  /** Checks the admin address is free, then starts probing; the first round starts at once. */
  public static ProbeProcess start(ProbeConfig.Resolved config) throws ConfigException, IOException {
    Addresses.requireFree(config.admin(), "probe admin address");
    Optional<TlsMaterial> tls = config.clusterTls().isEmpty() ? Optional.empty()
        : Optional.of(config.clusterTls().get().load());
    ChannelCredentials credentials = tls.map(TlsMaterial::channelCredentials)
        .orElseGet(InsecureChannelCredentials::create);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer http;
    try {
      http = TlsServing.httpServer(config.admin(), Optional.empty());
      http.createContext("/healthz", ex -> AdminHttpServer.respond(ex, 200, "text/plain", "ok\n"));
      http.createContext("/metrics", ex -> AdminHttpServer.respond(ex, 200,
          "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
      http.start();
    } catch (IOException | RuntimeException e) {
      tls.ifPresent(TlsMaterial::close);
      throw e;
    }
    ProbeRunner runner = ProbeRunner.start(config, MeshkitClient.builder().endpoints(config.endpoints())
        .callTimeout(config.timeout()).credentials(credentials).build(), meters);
    return new ProbeProcess(runner, http, tls);
  }

  /** The bound admin port. */
  public int adminPort() {
    return admin.getAddress().getPort();
  }

  @Override
  public void close() {
    runner.close();
    admin.stop(0);
    tls.ifPresent(TlsMaterial::close);
  }
}
