package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.PutRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl kv put KEY VALUE}. */
@Command(name = "put", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Sets KEY to VALUE. Prints OK and the revision of the write.",
        "If the answer is lost (timeout, member lost), the write may or may not have been applied: "
            + "read the key before retrying."},
    footer = {"", "Examples:",
        "  meshctl kv put greeting hello",
        "  meshctl kv put greeting bonjour --prev-kv    # prints the replaced value too",
        "  printf 'line 1\\nline 2' | meshctl kv put notes -   # value from stdin",
        "  meshctl kv put cfg v2 --fence ctl:42   # only while token 42 leads ctl"})
final class KvPutCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE",
      description = "The value; '-' reads it from stdin, byte for byte (a trailing newline is kept).")
  String value;

  @Option(names = "--prev-kv", description = "Print the key's previous value, if it had one.")
  boolean prevKv;

  @Option(names = "--lease", paramLabel = "ID", description = "Attach the key to this lease.")
  long lease;

  @Mixin
  FenceOption fencing;

  private ByteString valueBytes;

  @Override
  void validate(CliContext context) {
    valueBytes = "-".equals(value) ? readStdin(context) : ByteString.copyFromUtf8(value);
  }

  private static ByteString readStdin(CliContext context) {
    try {
      return ByteString.readFrom(context.in());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the value from stdin: " + e.getMessage(), e);
    }
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    PutRequest.Builder request = PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(valueBytes)
        .setPrevKv(prevKv).setLease(lease);
    if (fencing.fence() != null) {
      request.setFence(fencing.fence());
    }
    Views.Put result = Views.Put.of(session.client().put(request.build()));
    session.output().print(result, out -> KvText.put(out, result));
    return ExitCodes.OK;
  }
}
