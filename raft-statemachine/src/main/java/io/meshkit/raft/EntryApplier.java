package io.meshkit.raft;

import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.ErrorCode;
import java.util.List;

/**
 * The deterministic core of the state machine: applies one log entry to a {@link MeshStore}. Used by
 * {@link MeshStateMachine} for Raft entries and, without Ratis, by tests that replay a log into
 * several stores and compare them.
 *
 * <p>Contract: the outcome depends only on the store's content and the entry — do NOT bring clocks,
 * randomness, configuration or the network into this path. A business failure (an error code in the
 * handler's result) discards the entry's writes but still records the entry as applied; any thrown
 * exception is an internal failure and the caller must stop.
 */
public final class EntryApplier {
  /** What applying one entry produced. {@code events} is empty for a skipped or failed entry. */
  public record Outcome(CommandResult result, List<StoredEvent> events, boolean skipped) {}

  private final CommandDispatcher dispatcher;

  public EntryApplier(CommandDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Applies {@code entry} at {@code index}. An entry at or below the store's log index was applied
   * before a restart and is skipped, so replay never applies an entry twice.
   */
  public Outcome apply(MeshStore store, long term, long index, LogEntry entry) {
    if (index <= MeshStore.logIndex(store.applied())) {
      return new Outcome(CommandResult.getDefaultInstance(), List.of(), true);
    }
    long applyTime = Math.max(store.applied().getApplyTimeUnixMs(), entry.getLeaderTimeUnixMs());
    EntryBatch batch = store.newBatch(term, index, applyTime);
    CommandResult result = dispatcher.apply(batch, entry.getCommand());
    if (result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      batch.discardChanges();
    }
    batch.commit();
    batch.afterCommitActions().forEach(Runnable::run);
    // A repeated proposal answers with its first result, revision included (ProposalLog).
    CommandResult answered = result.getRevision() == 0 ? result.toBuilder().setRevision(index).build() : result;
    return new Outcome(answered, List.copyOf(batch.events()), false);
  }
}
