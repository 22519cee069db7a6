package io.meshkit.cli;

import io.meshkit.proto.v1.CompactionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl kv compact [REV]}. */
@Command(name = "compact", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Drops watch history below revision REV; watches can no longer start before it. "
        + "Without REV (or with 0), compacts to the server's retention window. Keys are not touched."},
    footer = {"", "Examples:",
        "  meshctl kv compact",
        "  meshctl kv compact 1200"})
final class KvCompactCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "REV", defaultValue = "0",
      description = "Oldest revision to keep; 0 = the server's retention window.")
  long revision;

  @Override
  void validate(CliContext context) {
    if (revision < 0) {
      throw new UsageException("REV must be 0 (the retention window) or a positive revision, got " + revision);
    }
  }

  @Override
  int run(Session session) {
    Views.Compaction result =
        Views.Compaction.of(session.client().compact(CompactionRequest.newBuilder().setRevision(revision).build()));
    session.output().print(result, out -> out.println(result.compactRevision() == 0
        ? "nothing compacted: all history is within the retention window"
        : "compacted: history below revision " + result.compactRevision() + " is dropped"));
    return ExitCodes.OK;
  }
}
