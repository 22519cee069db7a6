package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.RangeRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl kv get KEY}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Reads KEY, or a range of keys. Linearizable unless --serializable.",
        "Table output prints each key on a line and its value on the next (nothing when no key matches); "
            + "bytes that are not UTF-8 print as base64:<data>. -o json|yaml also print the header "
            + "(revision, member), the revisions of each key, 'more' and 'count', and mark base64 with "
            + "key_encoding/value_encoding."},
    footer = {"", "Examples:",
        "  meshctl kv get greeting -o json",
        "  meshctl kv get app/ --prefix --keys-only",
        "  meshctl --endpoints 127.0.0.1:7003 kv get greeting --serializable"})
final class KvGetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key, or the start of the range.")
  String key;

  @Mixin
  KeySelection selection;

  @Option(names = "--limit", paramLabel = "N", description = "At most N keys (0 = no limit); 'more' says if cut.")
  long limit;

  @Option(names = "--keys-only", description = "Keys without their values.")
  boolean keysOnly;

  @Option(names = "--count-only", description = "Only the number of keys (table output prints just it).")
  boolean countOnly;

  @Option(names = "--serializable",
      description = "Answer from the member's local state: faster, works without a leader, may be stale.")
  boolean serializable;

  private RangeRequest request;

  @Override
  void validate(CliContext context) {
    if (limit < 0) {
      throw new UsageException("--limit must be 0 (no limit) or positive, got " + limit);
    }
    ByteString k = ByteString.copyFromUtf8(key);
    request = RangeRequest.newBuilder().setKey(k).setRangeEnd(selection.rangeEnd(k)).setLimit(limit)
        .setKeysOnly(keysOnly).setCountOnly(countOnly).setSerializable(serializable).build();
  }

  @Override
  int run(Session session) {
    Views.Range result = Views.Range.of(session.client().range(request), !keysOnly);
    session.output().print(result, out -> KvText.range(out, result, countOnly));
    return ExitCodes.OK;
  }
}
