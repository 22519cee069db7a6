package io.meshkit.raft;

/**
 * What a watch selects: keys of one table in [from, toExclusive), or exactly {@code from} when
 * {@code toExclusive} is null and {@code singleKey} is set, from {@code startRevision} on (0 = only
 * changes after the watch is created).
 */
public record WatchSpec(Table table, byte[] from, byte[] toExclusive, boolean singleKey, long startRevision) {

  public WatchSpec {
    if (startRevision < 0) {
      throw new IllegalArgumentException("start revision must be >= 0, got " + startRevision);
    }
    from = from == null ? new byte[0] : from.clone();
    toExclusive = toExclusive == null ? null : toExclusive.clone();
  }

  /** Whether a change to {@code key} in {@code changed} is selected. */
  public boolean matches(Table changed, byte[] key) {
    if (changed != table) {
      return false;
    }
    if (singleKey) {
      return java.util.Arrays.equals(key, from);
    }
    return Bytes.inRange(key, from, toExclusive);
  }
}
