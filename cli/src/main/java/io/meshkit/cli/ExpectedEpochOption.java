package io.meshkit.cli;

import picocli.CommandLine.Option;

/** {@code --expected-epoch}: optimistic concurrency for shard changes. */
final class ExpectedEpochOption {
  @Option(names = "--expected-epoch", paramLabel = "E",
      description = "Apply only if the shard is still at epoch E (as 'shards get' showed it); else fail with "
          + "CONFLICT and change nothing. Default: any epoch.")
  long epoch;

  void validate() {
    RegistryArguments.notNegative("--expected-epoch", epoch);
  }
}
