package io.meshkit.cli;

import io.meshkit.client.ClientTls;
import io.meshkit.client.Endpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, given before or after the command name
 * ({@code meshctl -o json kv get k} = {@code meshctl kv get k -o json}). Mixed into the root command
 * with {@link ScopeType#INHERIT}, so the values land here whichever command they were given on.
 *
 * <p>Defaults are applied in the accessors, not by picocli, so "not given" stays visible: the
 * endpoints fall back to the environment only then.
 */
final class GlobalOptions {
  static final String ENDPOINTS_ENV = "MESHKIT_ENDPOINTS";
  static final String DEFAULT_ENDPOINTS = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  @Option(names = "--endpoints", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT[,...]",
      description = {"Members to talk to; any one will do. Default: $" + ENDPOINTS_ENV + ", else "
          + DEFAULT_ENDPOINTS + "."})
  String endpoints;

  @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Bound of each call, retries included, like 500ms, 5s, 1m. Default: 5s.")
  Duration timeout;

  @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
      description = "table, json or yaml. Default: table.")
  OutputFormat output;

  @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "PEM CA bundle: use TLS and verify members against it.")
  Path caFile;

  @Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "PEM client certificate for mutual TLS (needs --key and --cacert).")
  Path certFile;

  @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of --cert.")
  Path keyFile;

  static final String TOKEN_ENV = "MESHKIT_TOKEN";

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "Bearer token (mktok...., from 'meshctl auth token create') to call as its user. Default: $"
          + TOKEN_ENV + " (safer: command lines are visible to other users). Use with TLS.")
  String token;

  /** The bearer token: {@code --token}, else the environment variable, else none. */
  String token(Function<String, String> env) {
    String text = token != null ? token : env.apply(TOKEN_ENV);
    return text == null || text.isBlank() ? null : text.strip();
  }

  /**
   * The endpoint list: {@code --endpoints}, else the environment variable, else the local dev
   * cluster. Throws {@link UsageException} naming the source of a malformed list.
   */
  List<String> endpoints(Function<String, String> env) {
    return optionOrEnv(endpoints, "--endpoints", env, ENDPOINTS_ENV, DEFAULT_ENDPOINTS, Endpoints::parse);
  }

  /**
   * A setting given by an option ({@code given}, null when absent), else by the environment variable
   * {@code variable} (when not blank), else {@code fallback}, converted by {@code parse}. What
   * {@code parse} refuses ({@link IllegalArgumentException}) is a {@link UsageException} naming the
   * option or the variable it came from.
   */
  static <T> T optionOrEnv(String given, String option, Function<String, String> env, String variable,
      String fallback, Function<String, T> parse) {
    String source = option;
    String text = given;
    if (text == null) {
      source = "$" + variable;
      text = env.apply(variable);
      if (text == null || text.isBlank()) {
        text = fallback;
      }
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source + ": " + e.getMessage());
    }
  }

  Duration timeout() {
    return timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  OutputFormat output() {
    return output == null ? OutputFormat.table : output;
  }

  /** The TLS settings; throws {@link UsageException} for a missing file or an incomplete pair. */
  ClientTls tls() {
    try {
      return new ClientTls(caFile, certFile, keyFile);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
