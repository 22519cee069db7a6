package io.meshkit.raft;

import io.meshkit.proto.v1.Event;

/**
 * What a {@link CommandHandler} sees while applying one log entry: the tables (including the entry's
 * own pending writes), the entry's revision and its deterministic apply time.
 *
 * <p>Writes are buffered and become visible to readers atomically with the applied index once the
 * handler returns a successful result; a result with an error code discards them.
 */
public interface ApplyContext extends KeyValueReader {

  /** The revision this entry creates: its Raft index. */
  @Override
  long revision();

  /**
   * The Raft term in which the entry was logged. Leader-only commands compare it with the term their
   * proposer led in, to ignore a deposed leader's proposals.
   */
  long term();

  /**
   * Apply time in Unix milliseconds: max(previous apply time, leader's stamp). The only clock an apply
   * may use; never runs backwards across leaders.
   */
  long applyTimeMillis();

  void put(Table table, byte[] key, byte[] value);

  void delete(Table table, byte[] key);

  /** Records a watch event for {@code table}, delivered to watchers once the entry is committed. */
  void emit(Table table, Event event);

  /**
   * Runs {@code action} on the apply thread once this entry's changes are durable, if the entry
   * succeeded. For in-memory views that follow the replicated state (the leader's lease deadlines);
   * the action must not change replicated state.
   */
  void afterCommit(Runnable action);
}
