package io.meshkit.cli;

import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.client.snapshot.SnapshotFileWriter;
import io.meshkit.client.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl snapshot save FILE}. */
@Command(name = "save", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Streams a consistent point-in-time copy of one member's whole state (every key with its "
        + "revisions, the registry, leases, elections, plans, access control) into FILE, with its revision "
        + "and SHA-256. The copy holds every write acknowledged before the command started.",
        "FILE appears only once the whole snapshot arrived and matched its checksum (written beside it, then "
            + "renamed); an existing FILE is replaced. Progress goes to stderr for big snapshots.",
        "The file holds secrets (access control's token hashes): keep it like a private key."},
    footer = {"", "Examples:",
        "  meshctl snapshot save backup.snap",
        "  meshctl snapshot save /backups/mesh-$(date +%F).snap --endpoint 10.0.0.2:7001 -o json",
        "",
        "Exit codes: 0 saved, 1 the member refused or the stream did not match its checksum (nothing saved),",
        "  3 the member is unreachable."})
final class SnapshotSaveCommand extends ClientCommand {
  /** Progress is reported every this many bytes. */
  private static final long PROGRESS_BYTES = 16L << 20;

  @Parameters(index = "0", paramLabel = "FILE", description = "Where to save the snapshot")
  Path file;

  @Option(names = "--endpoint", paramLabel = "HOST:PORT",
      description = "The member to copy (default: the first of --endpoints)")
  String endpoint;

  @Override
  void validate(CliContext context) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new UsageException(file + " is a directory: name the snapshot file to write");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException("the directory of " + file + " does not exist: create it first");
    }
  }

  @Override
  int run(Session session) throws IOException {
    String member = endpoint != null ? endpoint : session.endpoints().get(0);
    long[] nextReport = {PROGRESS_BYTES};
    try (SnapshotFileWriter writer = SnapshotFileWriter.create(file)) {
      session.client().maintenance().snapshot(member, chunk -> {
        if (chunk.hasTrailer()) {
          writer.finish(chunk.getTrailer());
          return;
        }
        writer.write(chunk);
        if (writer.bytesWritten() >= nextReport[0]) {
          session.err().println("saved " + ClusterStatusCommand.bytes(writer.bytesWritten()) + " of about "
              + ClusterStatusCommand.bytes(writer.header().getApproximateSizeBytes()));
          session.err().flush();
          nextReport[0] = writer.bytesWritten() + PROGRESS_BYTES;
        }
      });
    } catch (SnapshotFormatException e) {
      throw new CommandFailedException(e.getMessage(), "the stream broke or a member sent a bad copy: save again");
    }
    if (!Files.isRegularFile(file)) {
      throw new CommandFailedException("the snapshot stream from " + member + " ended before its trailer: "
          + "nothing saved", "save again; the member's log says why it stopped");
    }
    MaintenanceViews.Snapshot saved = MaintenanceViews.Snapshot.of(file.toString(), SnapshotFile.verify(file));
    session.output().print(saved, out -> out.println("saved snapshot " + file + " of member " + saved.memberId()
        + ": revision " + saved.revision() + ", " + saved.records() + " records, " + ClusterStatusCommand.bytes(
            saved.sizeBytes()) + ", SHA-256 " + saved.sha256()));
    return ExitCodes.OK;
  }
}
