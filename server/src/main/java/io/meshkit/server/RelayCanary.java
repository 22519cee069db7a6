package io.meshkit.server;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The relay check: sends a GET through a relay naming the canary shard's namespace
 * ({@code x-meshkit-namespace}) and key ({@code x-meshkit-shard-key}) and expects an answer below 500
 * that the relay routed: its {@code x-meshkit-shard} header names a shard of that namespace. A 503 (no
 * route, owner down) or 502/504 (the owner did not answer) fails with reason {@code status_<code>}.
 */
final class RelayCanary implements ProbeCheck {
  private final HttpClient http;
  private final ProbeConfig.RelayCheck target;
  private final Duration timeout;

  RelayCanary(HttpClient http, ProbeConfig.RelayCheck target, Duration timeout) {
    this.http = http;
    this.target = target;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public void run() throws ProbeFailure {
    HttpRequest request = HttpRequest.newBuilder(target.url()).timeout(timeout)
        .header("x-meshkit-namespace", target.namespace()).header("x-meshkit-shard-key", target.shardKey()).GET()
        .build();
    HttpResponse<Void> answer;
    try {
      answer = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new ProbeFailure("timeout", "the relay at " + target.url() + " did not answer within " + timeout);
    } catch (IOException e) {
      throw new ProbeFailure("unreachable", "cannot reach the relay at " + target.url() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeFailure("interrupted", "interrupted while asking the relay");
    }
    if (answer.statusCode() >= 500) {
      throw new ProbeFailure("status_" + answer.statusCode(), "the relay answered " + answer.statusCode()
          + " for key " + target.shardKey() + " of namespace " + target.namespace());
    }
    Optional<String> shard = answer.headers().firstValue("x-meshkit-shard");
    if (shard.isEmpty() || !shard.get().startsWith(target.namespace() + "/")) {
      throw new ProbeFailure("not_routed", "the answer from " + target.url() + " has x-meshkit-shard "
          + shard.orElse("(none)") + ", not a shard of " + target.namespace() + ": is it a relay?");
    }
  }
}
