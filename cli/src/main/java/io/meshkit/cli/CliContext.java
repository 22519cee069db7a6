package io.meshkit.cli;

import java.io.InputStream;
import java.util.function.Function;

/**
 * What meshctl takes from its surroundings besides its output writers (those are the picocli
 * {@code CommandLine}'s out and err): stdin (for {@code kv put KEY -}), the environment, how clients
 * are opened and how interrupts arrive. Injectable for tests.
 */
record CliContext(InputStream in, Function<String, String> env, ClientFactory clients, Interrupts interrupts) {

  /** The real process: System.in, the environment, the real client and shutdown hooks. */
  static CliContext system() {
    return new CliContext(System.in, System::getenv, ClientFactory.standard(), Interrupts.shutdownHook());
  }
}
