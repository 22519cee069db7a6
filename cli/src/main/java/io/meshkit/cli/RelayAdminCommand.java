package io.meshkit.cli;

import io.meshkit.client.Endpoints;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A leaf command that reads a relay's admin server over HTTP instead of talking to the cluster. The
 * template: resolve {@code --relay}, {@link #run} with a {@link RelayAdminClient}; any failure is
 * reported by {@link ErrorReporter} and becomes the exit code. Of the global options only
 * {@code -o} and {@code --timeout} apply.
 */
abstract class RelayAdminCommand implements Callable<Integer> {
  static final String RELAY_ENV = "MESHKIT_RELAY";
  static final String DEFAULT_RELAY = "127.0.0.1:8081";

  @Spec
  CommandSpec spec;

  @Option(names = "--relay", paramLabel = "HOST:PORT",
      description = {"The relay's admin address (`admin:` in its relay.yaml). Default: $" + RELAY_ENV + ", else "
          + DEFAULT_RELAY + "."})
  String relay;

  /** Does the work and returns the exit code; results go to {@code output}. */
  abstract int run(RelayAdminClient admin, Output output) throws Exception;

  @Override
  public final Integer call() {
    Meshctl root = (Meshctl) spec.root().userObject();
    PrintWriter err = spec.commandLine().getErr();
    try {
      RelayAdminClient admin = new RelayAdminClient(address(root.context().env()), root.globals().timeout());
      return run(admin, new Output(root.globals().output(), spec.commandLine().getOut()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.OK;
    } catch (Exception e) {
      return new ErrorReporter(err, spec.qualifiedName()).report(e, List.of(), false);
    }
  }

  /** {@code --relay}, else the environment variable, else the default; a malformed one is a usage error. */
  String address(Function<String, String> env) {
    return GlobalOptions.optionOrEnv(relay, "--relay", env, RELAY_ENV, DEFAULT_RELAY,
        text -> Endpoints.validate(text.strip()));
  }
}
