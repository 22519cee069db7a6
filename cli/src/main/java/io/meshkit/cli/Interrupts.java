package io.meshkit.cli;

/**
 * How a long-running command (watch) learns that the user wants it to stop (Ctrl-C, SIGTERM).
 * Tests substitute an implementation they trigger themselves.
 */
@FunctionalInterface
interface Interrupts {
  /**
   * Runs {@code stop} once when the user interrupts the process. Closing the returned handle
   * withdraws the registration (the command finished by itself).
   */
  Registration onInterrupt(Runnable stop);

  /** A registration; closing it never throws. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A JVM shutdown hook. After {@code stop} the process halts with exit code 0: an interrupted
   * watch ended as the user asked, which is success, not the 130 a plain SIGINT exit would give.
   */
  static Interrupts shutdownHook() {
    return stop -> {
      Thread hook = new Thread(() -> {
        stop.run();
        Runtime.getRuntime().halt(ExitCodes.OK);
      }, "meshctl-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs or ran already.
        }
      };
    };
  }
}
