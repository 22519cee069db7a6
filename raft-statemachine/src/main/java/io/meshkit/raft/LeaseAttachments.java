package io.meshkit.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lease index shared by every domain: which records each lease holds, and whether a lease
 * exists. Rows of {@link Table#LEASE_ATTACHMENTS} are keyed lease id (8 bytes, big-endian) + owner
 * table tag (1 byte) + the record's key, so one prefix scan lists what a lease holds.
 */
public final class LeaseAttachments {
  /** One attached record. */
  public record Attachment(Table table, byte[] key) {}

  private LeaseAttachments() {}

  /** The {@link Table#LEASES} key of a lease. */
  public static byte[] leaseKey(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  public static boolean leaseExists(KeyValueReader state, long id) {
    return state.get(Table.LEASES, leaseKey(id)).isPresent();
  }

  public static void attach(ApplyContext context, long lease, Table owner, byte[] key) {
    context.put(Table.LEASE_ATTACHMENTS, rowKey(lease, owner, key), new byte[0]);
  }

  public static void detach(ApplyContext context, long lease, Table owner, byte[] key) {
    context.delete(Table.LEASE_ATTACHMENTS, rowKey(lease, owner, key));
  }

  /** What {@code lease} holds, in key order. */
  public static List<Attachment> of(KeyValueReader state, long lease) {
    List<Attachment> attached = new ArrayList<>();
    byte[] from = leaseKey(lease);
    byte[] to = lease == Long.MAX_VALUE ? null : leaseKey(lease + 1);
    state.scan(Table.LEASE_ATTACHMENTS, from, to, (k, v) -> {
      attached.add(new Attachment(Table.ofTag(k[8]), Arrays.copyOfRange(k, 9, k.length)));
      return true;
    });
    return attached;
  }

  private static byte[] rowKey(long lease, Table owner, byte[] key) {
    return ByteBuffer.allocate(9 + key.length).putLong(lease).put(owner.tag()).put(key).array();
  }
}
