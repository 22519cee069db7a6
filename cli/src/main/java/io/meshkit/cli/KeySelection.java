package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.client.KeyRanges;
import picocli.CommandLine.Option;

/**
 * Which keys a command covers, given its KEY argument: the key alone, every key with KEY as prefix,
 * every key from KEY on, or {@code [KEY, END)}. Shared by get, del and watch.
 */
final class KeySelection {
  @Option(names = "--prefix", description = "Every key that starts with KEY.")
  boolean prefix;

  @Option(names = "--from-key", description = "Every key from KEY on (byte order).")
  boolean fromKey;

  @Option(names = "--range-end", paramLabel = "END", description = "Every key in [KEY, END).")
  String rangeEnd;

  /**
   * The proto {@code range_end} for {@code key}: empty for the key alone. Throws
   * {@link UsageException} when more than one way of selecting a range is given.
   */
  ByteString rangeEnd(ByteString key) {
    int given = (prefix ? 1 : 0) + (fromKey ? 1 : 0) + (rangeEnd != null ? 1 : 0);
    if (given > 1) {
      throw new UsageException("--prefix, --from-key and --range-end each select a range: give at most one");
    }
    if (prefix) {
      return KeyRanges.prefixEnd(key);
    }
    if (fromKey) {
      return KeyRanges.ALL_FROM;
    }
    return rangeEnd == null ? ByteString.EMPTY : ByteString.copyFromUtf8(rangeEnd);
  }
}
