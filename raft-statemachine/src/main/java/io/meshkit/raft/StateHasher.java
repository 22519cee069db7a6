package io.meshkit.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Hashes every replicated table of a {@link ReadView}: tables in column-family-name order, each in key
 * order; per table its name, per key the 4-byte lengths and bytes of key and value. Every table is
 * replicated state (the {@code meta} table holds the applied term/index, apply time and compaction
 * point, which are the same on every member after the same entry), so nothing is left out: two members
 * that applied the same log agree on the hash at each revision.
 */
final class StateHasher {
  private static final Table[] ORDER = Arrays.stream(Table.values())
      .sorted(Comparator.comparing(Table::columnFamily)).toArray(Table[]::new);

  private StateHasher() {}

  /** Hashes {@code view}; stops with a {@link StoreException} if the calling thread is interrupted. */
  static StateHash hash(ReadView view) {
    MessageDigest digest = sha256();
    long[] keys = {0};
    ByteBuffer length = ByteBuffer.allocate(4);
    for (Table table : ORDER) {
      digest.update(table.columnFamily().getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) 0);
      view.scan(table, null, null, (key, value) -> {
        if (Thread.currentThread().isInterrupted()) {
          throw new StoreException("hashing the state at revision " + view.revision() + " was interrupted");
        }
        digest.update(length.clear().putInt(key.length).array());
        digest.update(key);
        digest.update(length.clear().putInt(value.length).array());
        digest.update(value);
        keys[0]++;
        return true;
      });
    }
    return new StateHash(view.revision(), digest.digest(), keys[0]);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
