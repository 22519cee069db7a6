package io.meshkit.cli;

import io.meshkit.client.ClientTls;
import io.meshkit.client.MeshkitClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A leaf command that talks to the cluster. The template: {@link #validate} the command line,
 * open the client from the global options, {@link #run(Session)}, close the client; any failure is
 * reported by {@link ErrorReporter} and becomes the exit code. Nothing reaches the network before
 * the whole command line has been checked, and no exception escapes to picocli.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /**
   * Checks and converts arguments picocli cannot (expressions, stdin); throws
   * {@link UsageException}. Runs before any connection is made.
   */
  void validate(CliContext context) {}

  /** Does the work and returns the exit code; results go to {@code session.output()}. */
  abstract int run(Session session) throws Exception;

  /** Whether the command asks for a change, so a lost answer leaves its outcome unknown. */
  boolean writes() {
    return false;
  }

  @Override
  public final Integer call() {
    Meshctl root = (Meshctl) spec.root().userObject();
    GlobalOptions globals = root.globals();
    PrintWriter err = spec.commandLine().getErr();
    ErrorReporter reporter = new ErrorReporter(err, spec.qualifiedName());
    List<String> endpoints = List.of();
    try {
      endpoints = globals.endpoints(root.context().env());
      ClientTls tls = globals.tls();
      Duration timeout = globals.timeout();
      validate(root.context());
      Output output = new Output(globals.output(), spec.commandLine().getOut());
      String token = globals.token(root.context().env());
      try (MeshkitClient client = connect(root.context(), endpoints, timeout, tls, token)) {
        return run(new Session(client, output, err, root.context(), endpoints));
      }
    } catch (Exception e) {
      return reporter.report(e, endpoints, writes());
    }
  }

  /** TLS material that exists but does not load is a usage error, like a missing file. */
  private static MeshkitClient connect(CliContext context, List<String> endpoints, Duration timeout, ClientTls tls,
      String token) {
    try {
      return context.clients().connect(endpoints, timeout, tls, token);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
