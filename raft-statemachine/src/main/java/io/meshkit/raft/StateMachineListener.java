package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;

/** Observes the state machine for metrics and logs. Called on the apply thread: must be quick. */
public interface StateMachineListener {

  default void onApplied(long index, ErrorCode code, long applyNanos) {}

  default void onLeaderChanged(String newLeaderId) {}

  default void onSnapshotInstalled(long index) {}

  StateMachineListener NONE = new StateMachineListener() {};
}
