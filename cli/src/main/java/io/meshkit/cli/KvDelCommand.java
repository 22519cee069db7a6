package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.DeleteRangeRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl kv del KEY}. */
@Command(name = "del", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Deletes KEY, or a range of keys. Prints how many keys were deleted "
        + "(0 when none matched), then with --prev-kv each deleted key and value."},
    footer = {"", "Examples:",
        "  meshctl kv del greeting",
        "  meshctl kv del app/ --prefix --prev-kv",
        "  meshctl kv del lock --fence ctl:42    # only while token 42 leads ctl"})
final class KvDelCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key, or the start of the range.")
  String key;

  @Mixin
  KeySelection selection;

  @Option(names = "--prev-kv", description = "Print the deleted keys and their values.")
  boolean prevKv;

  @Mixin
  FenceOption fencing;

  private DeleteRangeRequest request;

  @Override
  void validate(CliContext context) {
    ByteString k = ByteString.copyFromUtf8(key);
    DeleteRangeRequest.Builder delete = DeleteRangeRequest.newBuilder().setKey(k).setRangeEnd(selection.rangeEnd(k))
        .setPrevKv(prevKv);
    if (fencing.fence() != null) {
      delete.setFence(fencing.fence());
    }
    request = delete.build();
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    Views.Delete result = Views.Delete.of(session.client().deleteRange(request));
    session.output().print(result, out -> KvText.delete(out, result));
    return ExitCodes.OK;
  }
}
