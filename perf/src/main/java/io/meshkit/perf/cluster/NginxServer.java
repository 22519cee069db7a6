package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One nginx (Debian's package) on loopback, from a config the suite writes: either the relay
 * benchmark's backend — one worker answering every request with a fixed {@code 200 "ok\n"} — or a
 * reverse proxy in front of a backend with a keep-alive pool to it. Each instance has its own prefix
 * directory (config, pid, error log, temp files), so it never touches the system's nginx. No access
 * log; keep-alive connections are never closed after a number of requests, so no path of the benchmark
 * pays for reconnects. Ready when {@code GET /} answers 200.
 */
public final class NginxServer extends LoopbackServer {
  /** Where Debian installs nginx. */
  public static final Path BINARY = Path.of("/usr/sbin/nginx");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private NginxServer(MemberProcesses process, int port) {
    super(process, port);
  }

  /** The backend: one worker, {@code return 200 "ok\n"} for every request. */
  public static NginxServer backend(Path dir) throws IOException, InterruptedException {
    return start(dir, "backend", "1", """
            location / {
              default_type text/plain;
              return 200 "ok\\n";
            }
        """, "");
  }

  /**
   * A reverse proxy to {@code 127.0.0.1:upstreamPort} over HTTP/1.1 with up to {@code keepalive} idle
   * connections kept per worker; it adds {@code x-forwarded-for}, {@code -host} and {@code -proto} as
   * the relay does.
   *
   * @param workers nginx's {@code worker_processes}: a number or {@code auto} (one per core)
   */
  public static NginxServer proxy(Path dir, int upstreamPort, int keepalive, String workers)
      throws IOException, InterruptedException {
    return start(dir, "proxy", workers, """
            location / {
              proxy_pass http://backend;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Host $host;
              proxy_set_header X-Forwarded-Proto $scheme;
            }
        """, """
          upstream backend {
            server 127.0.0.1:%d;
            keepalive %d;
            keepalive_requests 1000000;
          }
        """.formatted(upstreamPort, keepalive));
  }

  private static NginxServer start(Path dir, String name, String workers, String location, String upstream)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("nginx is not installed at " + BINARY
          + ": run 'apt-get install -y nginx' (bin/perf relay installs it when it may)");
    }
    Path prefix = dir.toAbsolutePath();
    Files.createDirectories(prefix.resolve(name + "-temp"));
    int port = LoopbackPorts.distinct(1).get(0);
    Path conf = prefix.resolve(name + ".conf");
    Files.writeString(conf, config(name, workers, port, location, upstream));
    MemberProcesses process = new MemberProcesses(prefix, List.of("nginx-" + name));
    NginxServer server = new NginxServer(process, port);
    try {
      process.start(0, List.of(BINARY.toString(), "-p", prefix + "/", "-c", conf.toString(),
          "-e", prefix.resolve(name + "-error.log").toString()));
      process.awaitReady(i -> HttpProbe.get(server.url()).isPresent(), START_TIMEOUT);
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static String config(String name, String workers, int port, String location, String upstream) {
    String temp = name + "-temp/";
    return """
        # Written by bin/perf relay (the relay benchmark's %1$s); paths are relative to nginx's -p prefix.
        daemon off;
        worker_processes %2$s;
        pid %1$s.pid;
        error_log %1$s-error.log warn;
        events {
          worker_connections 1024;
        }
        http {
          access_log off;
          keepalive_timeout 75s;
          keepalive_requests 1000000;
          client_body_temp_path %3$sbody;
          proxy_temp_path %3$sproxy;
          fastcgi_temp_path %3$sfastcgi;
          uwsgi_temp_path %3$suwsgi;
          scgi_temp_path %3$sscgi;
        %4$s
          server {
            listen 127.0.0.1:%5$d;
        %6$s
          }
        }
        """.formatted(name, workers, temp, upstream.stripTrailing(), port, location.stripTrailing());
  }

  /** {@code nginx -v}'s answer, e.g. {@code nginx/1.22.1}. */
  public static String version() throws IOException, InterruptedException {
    return ToolVersion.of(BINARY, "-v").replace("nginx version: ", "");
  }
}
