package io.meshkit.cli;

import io.meshkit.client.MeshkitClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What a command runs with once its command line is valid: the open client, where results go,
 * where diagnostics go, the process surroundings and the endpoints the client was given.
 */
record Session(MeshkitClient client, Output output, PrintWriter err, CliContext context, List<String> endpoints) {

  /**
   * Runs a streaming command until {@code done} completes (exit 0) or the user interrupts it
   * (Ctrl-C, SIGTERM: exit 0); {@code stop} ends the stream either way. A failure of {@code done}
   * is rethrown as its cause, for the caller's error reporting.
   */
  int streamUntil(CompletableFuture<?> done, Runnable stop) throws Exception {
    Interrupts.Registration onInterrupt = context.interrupts().onInterrupt(stop);
    try {
      done.get();
      return ExitCodes.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.OK;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception failure ? failure : e;
    } finally {
      onInterrupt.close();
      stop.run();
    }
  }
}
