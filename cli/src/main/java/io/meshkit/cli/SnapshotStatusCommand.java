package io.meshkit.cli;

import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.client.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl snapshot status FILE}: verifies a saved snapshot; needs no member. */
@Command(name = "status", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Reads a snapshot file to its end and verifies it (format, record count, SHA-256); prints its "
        + "cluster, member, revision, keys, records per table, size and checksum. Talks to no member."},
    footer = {"", "Examples:",
        "  meshctl snapshot status backup.snap",
        "  meshctl snapshot status backup.snap -o json",
        "",
        "Exit codes: 0 the file is intact, 1 it is corrupt or truncated, 2 no such file."})
final class SnapshotStatusCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot file")
  Path file;

  @Override
  void validate(CliContext context) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no snapshot file " + file);
    }
  }

  @Override
  int run(Session session) throws IOException {
    SnapshotFile.Summary summary;
    try {
      summary = SnapshotFile.verify(file);
    } catch (SnapshotFormatException e) {
      throw new CommandFailedException(e.getMessage(), "use another copy, or save a new one: meshctl snapshot save");
    }
    MaintenanceViews.Snapshot view = MaintenanceViews.Snapshot.of(file.toString(), summary);
    session.output().print(view, out -> {
      TextTable table = new TextTable("CLUSTER", "MEMBER", "REVISION", "KEYS", "RECORDS", "SIZE", "CREATED",
          "SHA-256");
      table.row(view.clusterName(), view.memberId(), view.revision(), view.keys(), view.records(),
          ClusterStatusCommand.bytes(view.sizeBytes()), view.created(), view.sha256());
      table.print(out);
    });
    return ExitCodes.OK;
  }
}
