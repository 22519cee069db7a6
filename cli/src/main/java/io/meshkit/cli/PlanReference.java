package io.meshkit.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which plan a command acts on: NAMESPACE's active (or last) plan, or {@code --plan ID}. */
final class PlanReference {
  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "The namespace.")
  String namespace;

  @Option(names = "--plan", paramLabel = "ID", defaultValue = "0",
      description = "The plan id ('rebalance list' shows them). Default: the namespace's active plan, else its last.")
  long plan;

  void validate() {
    LeadersGetCommand.requireName("NAMESPACE", namespace);
    if (plan < 0) {
      throw new UsageException("--plan must be a plan id (> 0), got " + plan);
    }
  }
}
