package io.meshkit.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * Runs meshctl in the test's JVM as {@code main} would, with captured stdout and stderr, a chosen
 * stdin and environment, and interrupts the test triggers itself.
 */
final class Cli {
  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  private final Map<String, String> env;
  private final InputStream stdin;
  private final ClientFactory clients;
  final ManualInterrupts interrupts = new ManualInterrupts();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  Cli(Map<String, String> env, String stdin, ClientFactory clients) {
    this.env = env;
    this.stdin = new ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    this.clients = clients;
  }

  /** A real client, no environment, empty stdin. */
  Cli() {
    this(Map.of(), "", ClientFactory.standard());
  }

  static Result run(String... args) {
    return new Cli().execute(args);
  }

  Result execute(String... args) {
    CliContext context = new CliContext(stdin, env::get, clients, interrupts);
    int code = Meshctl.commandLine(context).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** What was printed to stdout so far (for a run still going on another thread). */
  String outSoFar() {
    return out.toString();
  }

  String errSoFar() {
    return err.toString();
  }

  /** Delivers interrupts (Ctrl-C) when the test says so. */
  static final class ManualInterrupts implements Interrupts {
    private volatile Runnable stop;

    @Override
    public Registration onInterrupt(Runnable stop) {
      this.stop = stop;
      return () -> this.stop = null;
    }

    boolean armed() {
      return stop != null;
    }

    /** Like Ctrl-C: runs the registered stop action, if a command registered one. */
    void interrupt() {
      Runnable s = stop;
      if (s != null) {
        s.run();
      }
    }
  }
}
