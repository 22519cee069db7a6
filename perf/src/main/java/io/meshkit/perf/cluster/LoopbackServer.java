package io.meshkit.perf.cluster;

/**
 * A server the suite started as one OS process (which may fork, as nginx does) answering HTTP on a
 * loopback port; closing it stops the process and waits until it has exited.
 */
public abstract class LoopbackServer implements AutoCloseable {
  private final MemberProcesses process;
  private final int port;

  LoopbackServer(MemberProcesses process, int port) {
    this.process = process;
    this.port = port;
  }

  public final int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public final String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** The process the suite started (an nginx master: its workers are its children). */
  public final ProcessHandle process() {
    return process.handles().get(0);
  }

  /** SIGTERM, SIGKILL to it and its children after the grace. */
  @Override
  public final void close() {
    process.close();
  }
}
