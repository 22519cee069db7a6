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
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of one log entry, buffered until {@link #commit()}. Reads see the entry's own pending
 * writes layered over the committed database, so a transaction observes its earlier operations.
 *
 * <p>Single-threaded: used only by the apply thread for the duration of one entry.
 */
final class EntryBatch implements ApplyContext {
  /** Marks a pending delete in the overlay. */
  private static final byte[] TOMBSTONE = new byte[0];

  private final MeshStore store;
  private final long term;
  private final long index;
  private final long applyTime;
  private final Map<Table, NavigableMap<byte[], byte[]>> overlay = new EnumMap<>(Table.class);
  private final List<StoredEvent> events = new ArrayList<>();
  private long compactBelow;

  EntryBatch(MeshStore store, long term, long index, long applyTime) {
    this.store = store;
    this.term = term;
    this.index = index;
    this.applyTime = applyTime;
  }

  @Override
  public long revision() {
    return index;
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
    try {
      return Optional.ofNullable(store.dbForBatch().get(store.handle(table), key));
    } catch (RocksDBException e) {
      throw new StoreException("read from " + table + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor) {
    NavigableMap<byte[], byte[]> pending = overlay.getOrDefault(table, new TreeMap<>(Bytes.ORDER));
    byte[] start = from == null ? new byte[0] : from;
    if (toExclusive != null && Bytes.ORDER.compare(start, toExclusive) >= 0) {
      return;
    }
    NavigableMap<byte[], byte[]> window = toExclusive == null
        ? pending.tailMap(start, true) : pending.subMap(start, true, toExclusive, false);
    Iterator<Map.Entry<byte[], byte[]>> pendingIt = window.entrySet().iterator();
    Map.Entry<byte[], byte[]>[] head = headHolder(pendingIt);
    boolean[] stopped = {false};
    try (ReadOptions options = new ReadOptions()) {
      SnapshotReadView.scan(store.dbForBatch(), store.handle(table), options, start, toExclusive, (k, v) -> {
        // Emit pending keys that sort before the committed key.
        while (head[0] != null && Bytes.ORDER.compare(head[0].getKey(), k) < 0) {
          if (!emitPending(head[0], visitor)) {
            stopped[0] = true;
            return false;
          }
          head[0] = pendingIt.hasNext() ? pendingIt.next() : null;
        }
        if (head[0] != null && Bytes.ORDER.compare(head[0].getKey(), k) == 0) {
          Map.Entry<byte[], byte[]> shadow = head[0];
          head[0] = pendingIt.hasNext() ? pendingIt.next() : null;
          boolean more = emitPending(shadow, visitor);
          stopped[0] = !more;
          return more;
        }
        boolean more = visitor.visit(k, v);
        stopped[0] = !more;
        return more;
      });
    }
    while (!stopped[0] && head[0] != null) {
      if (!emitPending(head[0], visitor)) {
        return;
      }
      head[0] = pendingIt.hasNext() ? pendingIt.next() : null;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map.Entry<byte[], byte[]>[] headHolder(Iterator<Map.Entry<byte[], byte[]>> it) {
    Map.Entry<byte[], byte[]>[] holder = new Map.Entry[1];
    holder[0] = it.hasNext() ? it.next() : null;
    return holder;
  }

  /** Visits a pending entry unless it is a delete; returns whether to continue. */
  private static boolean emitPending(Map.Entry<byte[], byte[]> entry, ScanVisitor visitor) {
    return entry.getValue() == TOMBSTONE || visitor.visit(entry.getKey(), entry.getValue());
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
    AppliedState previous = store.applied();
    AppliedState.Builder next = previous.toBuilder().setTerm(term).setIndex(index).setApplyTimeUnixMs(applyTime);
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
