package io.meshkit.cli;

import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.ErrorCode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a failed command into what the user sees on stderr and the exit code: the one place that
 * maps failures to {@link ExitCodes}. Never prints a stack trace; every failure is one
 * {@code Error:} line, optionally followed by {@code Hint:} lines.
 */
final class ErrorReporter {
  static final String CLUSTER_HINT =
      "check that the cluster runs (bin/meshkit dev status) and that --endpoints or $"
          + GlobalOptions.ENDPOINTS_ENV + " names the members' client ports; a cluster that serves TLS needs "
          + "--cacert, and --cert/--key when it requires client certificates";
  static final String FENCED_HINT =
      "the writer no longer leads that scope; 'meshctl leaders get SCOPE' shows the current leader and token";
  static final String CONFLICT_HINT =
      "someone changed it since you read it: read it again (shards get, ns get, nodes get) and retry with the "
          + "epoch or version it shows now";
  static final String FAILED_PRECONDITION_HINT =
      "the current state does not allow this change; the message says what must change first";
  static final String OUTCOME_UNKNOWN =
      "the write may or may not have been applied; read the key before retrying";

  private final PrintWriter err;
  private final String commandName;

  ErrorReporter(PrintWriter err, String commandName) {
    this.err = err;
    this.commandName = commandName;
  }

  /**
   * Reports {@code failure} of the command and returns its exit code.
   *
   * @param endpoints the endpoints the command was configured with, named when none answered
   * @param writes whether the command asked for a change, so a lost answer leaves its outcome open
   */
  int report(Exception failure, List<String> endpoints, boolean writes) {
    if (failure instanceof UsageException usage) {
      return usage(usage.getMessage());
    }
    if (failure instanceof MeshkitClientException e) {
      return cluster(e, endpoints, writes);
    }
    if (failure instanceof CommandFailedException failed) {
      return failed(failed.getMessage(), failed.hint(), ExitCodes.REFUSED);
    }
    if (failure instanceof UnreachableException unreachable) {
      return failed(unreachable.getMessage(), unreachable.hint(), ExitCodes.UNAVAILABLE);
    }
    err.println("Error: " + message(failure));
    err.flush();
    return ExitCodes.REFUSED;
  }

  private int failed(String message, String hint, int code) {
    err.println("Error: " + message);
    if (!hint.isEmpty()) {
      err.println("Hint: " + hint);
    }
    err.flush();
    return code;
  }

  /** A usage error found after parsing: the message, and where to read the usage. */
  int usage(String message) {
    err.println("Error: " + message);
    err.println("Run '" + commandName + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private int cluster(MeshkitClientException e, List<String> endpoints, boolean writes) {
    int code;
    if (e.isClusterUnavailable()) {
      err.println("Error: no member could serve the request (tried " + String.join(", ", endpoints) + "): "
          + e.getMessage());
      if (!e.hint().isEmpty() && !e.notSent()) {
        err.println("Hint: " + e.hint()); // the server's; a refused connection's is the cluster hint below
      }
      err.println("Hint: " + CLUSTER_HINT);
      code = ExitCodes.UNAVAILABLE;
    } else {
      err.println("Error: " + e.getMessage());
      String hint = e.hint().isEmpty() ? defaultHint(e.code()) : e.hint();
      if (!hint.isEmpty()) {
        err.println("Hint: " + hint);
      }
      code = ExitCodes.REFUSED;
    }
    if (writes && e.outcomeUnknown()) {
      err.println("Note: " + OUTCOME_UNKNOWN);
    }
    err.flush();
    return code;
  }

  /** What to say about a refusal the server gave no hint for. */
  private static String defaultHint(ErrorCode code) {
    return switch (code) {
      case FENCED -> FENCED_HINT;
      case CONFLICT -> CONFLICT_HINT;
      case FAILED_PRECONDITION -> FAILED_PRECONDITION_HINT;
      default -> "";
    };
  }

  /** One line: an I/O failure's own message, else what the unexpected failure was and said. */
  private static String message(Exception failure) {
    String text = failure.getMessage();
    if (failure instanceof UncheckedIOException && text != null) {
      return text;
    }
    return "unexpected failure: " + failure.getClass().getSimpleName() + (text == null ? "" : ": " + text);
  }

  /**
   * Picocli's own usage errors (unknown option, missing argument, bad value): the message, a
   * suggestion for a misspelt option or else the command's usage, exit {@link ExitCodes#USAGE}.
   */
  static IParameterExceptionHandler usageErrors() {
    return (ParameterException e, String[] args) -> {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("Error: " + e.getMessage());
      if (!UnmatchedArgumentException.printSuggestions(e, err)) {
        cmd.usage(err);
      }
      err.flush();
      return ExitCodes.USAGE;
    };
  }

  /**
   * The last line of defence, installed on the root {@link CommandLine}: whatever escapes a command
   * is reported in one line, exit {@link ExitCodes#REFUSED}.
   */
  static IExecutionExceptionHandler safetyNet() {
    return (Exception e, CommandLine cmd, ParseResult parsed) ->
        new ErrorReporter(cmd.getErr(), cmd.getCommandSpec().qualifiedName()).report(e, List.of(), false);
  }
}
