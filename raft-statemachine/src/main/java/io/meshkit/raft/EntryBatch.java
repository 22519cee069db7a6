package io.meshkit.raft;

import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.Event;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of one log entry, buffered until {@link #commit()}. Reads see the entry's own pending
 * writes layered over the committed state, so a transaction observes its earlier operations. The
 * committed state is the live database for a real apply, or a point-in-time view for a preview (a
 * dry run: applied, then dropped — it has no store and cannot commit).
 *
 * <p>Single-threaded: used only by the apply thread for the duration of one entry.
 */
final class EntryBatch implements ApplyContext {
  /** Marks a pending delete in the overlay. */
  private static final byte[] TOMBSTONE = new byte[0];
  private static final NavigableMap<byte[], byte[]> EMPTY =
      java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(Bytes.ORDER));

  private final MeshStore store;
  private final KeyValueReader committed;
  private final long term;
  private final long index;
  private final long applyTime;
  private final Map<Table, NavigableMap<byte[], byte[]>> overlay = new EnumMap<>(Table.class);
  private final List<StoredEvent> events = new ArrayList<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private long compactBelow;

  EntryBatch(MeshStore store, KeyValueReader committed, long term, long index, long applyTime) {
    this.store = store;
    this.committed = committed;
    this.term = term;
    this.index = index;
    this.applyTime = applyTime;
  }

  @Override
  public long revision() {
    return index;
  }

  @Override
  public long term() {
    return term;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** The actions registered with {@link #afterCommit}; empty after {@link #discardChanges()}. */
  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  @Override
  public long applyTimeMillis() {
    return applyTime;
  }

  @Override
  public Optional<byte[]> get(Table table, byte[] key) {
    NavigableMap<byte[], byte[]> pending = overlay.get(table);
    if (pending != null && pending.containsKey(key)) {
      byte[] v = pending.get(key);
      return v == TOMBSTONE ? Optional.empty() : Optional.of(v);
    }
    return committed.get(table, key);
  }

  @Override
  public void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor) {
    byte[] start = from == null ? new byte[0] : from;
    if (toExclusive != null && Bytes.ORDER.compare(start, toExclusive) >= 0) {
      return;
    }
    NavigableMap<byte[], byte[]> pending = overlay.getOrDefault(table, EMPTY);
    NavigableMap<byte[], byte[]> window = toExclusive == null
        ? pending.tailMap(start, true) : pending.subMap(start, true, toExclusive, false);
    MergeCursor cursor = new MergeCursor(window.entrySet().iterator(), visitor);
    committed.scan(table, start, toExclusive, cursor::visitCommitted);
    cursor.visitRemainingPending();
  }

  /** Merges the entry's pending writes (which shadow committed values) into an ordered committed scan. */
  private static final class MergeCursor {
    private final Iterator<Map.Entry<byte[], byte[]>> pending;
    private final ScanVisitor visitor;
    private Map.Entry<byte[], byte[]> head;
    private boolean stopped;

    MergeCursor(Iterator<Map.Entry<byte[], byte[]>> pending, ScanVisitor visitor) {
      this.pending = pending;
      this.visitor = visitor;
      advance();
    }

    boolean visitCommitted(byte[] key, byte[] value) {
      while (head != null && Bytes.ORDER.compare(head.getKey(), key) < 0) {
        if (!visitHead()) {
          return false;
        }
      }
      if (head != null && Bytes.ORDER.compare(head.getKey(), key) == 0) {
        return visitHead();
      }
      return keepGoing(visitor.visit(key, value));
    }

    void visitRemainingPending() {
      while (!stopped && head != null) {
        visitHead();
      }
    }

    /** Visits the pending head unless it is a delete, then moves past it. */
    private boolean visitHead() {
      Map.Entry<byte[], byte[]> entry = head;
      advance();
      return keepGoing(entry.getValue() == TOMBSTONE || visitor.visit(entry.getKey(), entry.getValue()));
    }

    private void advance() {
      head = pending.hasNext() ? pending.next() : null;
    }

    private boolean keepGoing(boolean more) {
      stopped = !more;
      return more;
    }
  }

  @Override
  public void put(Table table, byte[] key, byte[] value) {
    checkWritable(table);
    overlay.computeIfAbsent(table, t -> new TreeMap<>(Bytes.ORDER)).put(key.clone(), value.clone());
  }

  @Override
  public void delete(Table table, byte[] key) {
    checkWritable(table);
    overlay.computeIfAbsent(table, t -> new TreeMap<>(Bytes.ORDER)).put(key.clone(), TOMBSTONE);
  }

  @Override
  public void emit(Table table, Event event) {
    events.add(StoredEvent.newBuilder().setTable(table.columnFamily()).setEvent(event).build());
  }

  /** Drops watch history strictly below {@code revision} when committed. State machine only. */
  void compactEventsBelow(long revision) {
    compactBelow = Math.max(compactBelow, revision);
  }

  /** Forgets every pending write and event: the entry failed with a business error. */
  void discardChanges() {
    overlay.clear();
    events.clear();
    afterCommit.clear();
    compactBelow = 0;
  }

  /** The events this entry emitted, in emission order. */
  List<StoredEvent> events() {
    return events;
  }

  private static void checkWritable(Table table) {
    if (table == Table.EVENTS || table == Table.META) {
      throw new IllegalArgumentException(table + " is written only by the state machine");
    }
  }

  /** Writes the data, the events and the new applied state in one atomic RocksDB batch. */
  AppliedState commit() {
    if (store == null) {
      throw new IllegalStateException("a preview batch is never committed");
    }
    AppliedState previous = store.applied();
    AppliedState.Builder next = previous.toBuilder().setTerm(term).setIndex(index).clearLogIndex()
        .setApplyTimeUnixMs(applyTime);
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Table, NavigableMap<byte[], byte[]>> table : overlay.entrySet()) {
        for (Map.Entry<byte[], byte[]> e : table.getValue().entrySet()) {
          if (e.getValue() == TOMBSTONE) {
            batch.delete(store.handle(table.getKey()), e.getKey());
          } else {
            batch.put(store.handle(table.getKey()), e.getKey(), e.getValue());
          }
        }
      }
      for (int seq = 0; seq < events.size(); seq++) {
        batch.put(store.handle(Table.EVENTS), EventKeys.key(index, seq), events.get(seq).toByteArray());
      }
      if (compactBelow > previous.getCompactRevision()) {
        batch.deleteRange(store.handle(Table.EVENTS), EventKeys.key(0, 0), EventKeys.key(compactBelow, 0));
        next.setCompactRevision(compactBelow);
      }
      AppliedState state = next.build();
      store.commit(batch, state);
      return state;
    } catch (RocksDBException e) {
      throw new StoreException("building batch for entry " + index + " failed: " + e.getMessage(), e);
    }
  }
}
