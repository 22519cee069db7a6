package io.meshkit.raft;

import io.meshkit.proto.internal.v1.AppliedState;

/**
 * A consistent point-in-time view of every table: all reads through one view see the state after
 * the same applied entry ({@link #revision()}). Must be closed.
 */
public interface ReadView extends KeyValueReader, AutoCloseable {

  /** The applied state the view reflects: revision, apply time, compaction point. */
  AppliedState appliedState();

  @Override
  default long revision() {
    return appliedState().getIndex();
  }

  @Override
  void close();
}
