package io.meshkit.raft;

/**
 * A handler whose records can be attached to a lease (KV keys, election candidacies). When the lease
 * ends, the lease handler calls {@link #leaseEnded} for each record, inside the same apply.
 */
public interface LeaseAttachmentOwner {
  /** The table the attached keys belong to. */
  Table table();

  /** Removes the record under {@code key} (emitting its events) because its lease ended. */
  void leaseEnded(ApplyContext context, byte[] key);
}
