package io.meshkit.cli;

import picocli.CommandLine.Parameters;

/** {@code NAMESPACE ID}: the shard a command reads or changes. */
final class ShardAddress {
  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "The shard's namespace.")
  String namespace;

  @Parameters(index = "1", paramLabel = "ID", description = "The shard id, 0 to shard count - 1.")
  int shardId;

  void validate() {
    LeadersGetCommand.requireName("NAMESPACE", namespace);
    if (shardId < 0) {
      throw new UsageException("ID must be a shard id, 0 to the namespace's shard count - 1; got " + shardId);
    }
  }
}
