package io.meshkit.cli;

import picocli.CommandLine.Option;

/** {@code --serializable} of the registry reads. */
final class ReadOptions {
  @Option(names = "--serializable",
      description = "Answer from the member's local state: faster, works without a leader, may be stale.")
  boolean serializable;
}
