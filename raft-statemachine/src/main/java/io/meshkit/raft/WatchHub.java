package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Delivers committed changes to watchers, in revision order, exactly once, without gaps.
 *
 * <p>A new watch first <em>catches up</em> from the events table (pages read from a consistent
 * {@link ReadView}, pulled by its own delivery task), then turns <em>live</em> and receives what the
 * apply thread {@link #publish publishes}. The hand-over happens under the hub lock: a watcher goes
 * live only once its next revision is above the last published one, and ignores published revisions
 * below its next, so the two sources neither overlap nor leave a hole.
 *
 * <p>Each watcher's queue is bounded; a watcher whose consumer falls behind by more than the bound
 * is cancelled with {@link ErrorCode#WATCH_CANCELED} instead of slowing the apply thread.
 *
 * <p>Lock order: hub lock, then a watcher's monitor; never the reverse.
 */
public final class WatchHub implements AutoCloseable {
  private final Supplier<ReadView> views;
  private final Executor executor;
  private final int maxQueuedEvents;
  private final int pageEvents;
  private final Object lock = new Object();
  /** Last revision published by the apply thread. Guarded by {@link #lock}. */
  private long current;
  private final Set<Watcher> live = new LinkedHashSet<>();
  private final Set<Watcher> all = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param views opens a read view of the current store
   * @param currentRevision the store's applied revision now
   * @param executor runs delivery tasks (one at a time per watcher)
   * @param maxQueuedEvents bound of each watcher's queue
   * @param pageEvents events read per catch-up page (rounded up to whole revisions)
   */
  public WatchHub(Supplier<ReadView> views, long currentRevision, Executor executor, int maxQueuedEvents,
      int pageEvents) {
    this.views = views;
    this.current = currentRevision;
    this.executor = executor;
    this.maxQueuedEvents = maxQueuedEvents;
    this.pageEvents = pageEvents;
  }

  /** Registers a watch; delivery starts asynchronously. */
  public Watch watch(WatchSpec spec, WatchListener listener) {
    long start;
    synchronized (lock) {
      start = spec.startRevision() == 0 ? current + 1 : spec.startRevision();
    }
    Watcher watcher = new Watcher(spec, listener, start);
    all.add(watcher);
    watcher.schedule();
    return watcher;
  }

  /** Number of registered watches. */
  public int size() {
    return all.size();
  }

  /** The last published revision. */
  public long currentRevision() {
    synchronized (lock) {
      return current;
    }
  }

  /** Called by the apply thread after entry {@code revision} committed, with its events (maybe none). */
  void publish(long revision, List<StoredEvent> events) {
    synchronized (lock) {
      current = Math.max(current, revision);
      // A copy: offerLive may end a slow watcher, which removes it from the live set.
      for (Watcher w : List.copyOf(live)) {
        w.offerLive(revision, events);
      }
    }
  }

  /**
   * The store was replaced (snapshot install): every live watcher goes back to catching up from its
   * next revision against the new store, which either has that history or reports compaction.
   */
  void reset(long revision) {
    synchronized (lock) {
      current = revision;
      for (Watcher w : live) {
        w.demote();
      }
      live.clear();
    }
  }

  @Override
  public void close() {
    for (Watcher w : new ArrayList<>(all)) {
      w.end(ErrorCode.UNAVAILABLE, "the member is shutting down; reconnect to another endpoint", 0);
    }
  }

  private static Event eventOf(StoredEvent stored) {
    return stored.getEvent();
  }

  /** One watch: its queue, position and delivery task. */
  private final class Watcher implements Watch {
    private final WatchSpec spec;
    private final WatchListener listener;
    /** Next revision to take, from history or live. Guarded by this. */
    private long next;
    private boolean isLive;
    private boolean ended;
    private boolean scheduled;
    private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
    private int queuedEvents;

    Watcher(WatchSpec spec, WatchListener listener, long start) {
      this.spec = spec;
      this.listener = listener;
      this.next = start;
    }

    /** Under the hub lock. */
    void offerLive(long revision, List<StoredEvent> events) {
      List<Event> selected = select(events);
      synchronized (this) {
        if (ended || revision < next) {
          return;
        }
        next = revision + 1;
        if (selected.isEmpty()) {
          return;
        }
        enqueueEvents(revision, selected);
      }
    }

    /** Under the hub lock. */
    synchronized void demote() {
      isLive = false;
      schedule();
    }

    private List<Event> select(List<StoredEvent> events) {
      List<Event> selected = new ArrayList<>(0);
      for (StoredEvent e : events) {
        if (spec.matches(tableOf(e), e.getEvent().getKv().getKey().toByteArray())) {
          selected.add(eventOf(e));
        }
      }
      return selected;
    }

    /** Holding this monitor. */
    private void enqueueEvents(long revision, List<Event> selected) {
      queuedEvents += selected.size();
      if (queuedEvents > maxQueuedEvents) {
        endLocked(ErrorCode.WATCH_CANCELED, "slow consumer: more than " + maxQueuedEvents
            + " events waiting; read the current state and watch again from its revision + 1", 0);
        return;
      }
      int count = selected.size();
      queue.add(() -> {
        synchronized (this) {
          queuedEvents -= count;
        }
        listener.onEvents(revision, selected);
      });
      schedule();
    }

    @Override
    public void cancel(String reason) {
      end(ErrorCode.WATCH_CANCELED, reason, 0);
    }

    @Override
    public void requestProgress() {
      synchronized (lock) {
        long currentNow = current;
        synchronized (this) {
          if (ended) {
            return;
          }
          long progress = Math.min(next - 1, currentNow);
          queue.add(() -> listener.onProgress(progress));
          schedule();
        }
      }
    }

    @Override
    public synchronized void resume() {
      schedule();
    }

    void end(ErrorCode code, String reason, long compactRevision) {
      synchronized (lock) {
        synchronized (this) {
          endLocked(code, reason, compactRevision);
        }
      }
    }

    /** Holding the hub lock (or not live) and this monitor. */
    private void endLocked(ErrorCode code, String reason, long compactRevision) {
      if (ended) {
        return;
      }
      ended = true;
      live.remove(this);
      all.remove(this);
      queue.clear();
      queuedEvents = 0;
      queue.add(() -> listener.onCanceled(code, reason, compactRevision));
      schedule();
    }

    /** Holding this monitor. */
    private void schedule() {
      if (!scheduled) {
        scheduled = true;
        executor.execute(this::drain);
      }
    }

    private void drain() {
      while (true) {
        Runnable task;
        boolean catchUp = false;
        synchronized (this) {
          if (!listener.isReady() && !queue.isEmpty()) {
            scheduled = false;
            return;
          }
          task = queue.poll();
          if (task == null) {
            if (ended || isLive) {
              scheduled = false;
              return;
            }
            catchUp = true;
          }
        }
        try {
          if (catchUp) {
            catchUpPage();
          } else {
            task.run();
          }
        } catch (RuntimeException e) {
          end(ErrorCode.INTERNAL, "watch delivery failed: " + e.getMessage(), 0);
        }
      }
    }

    /** Reads one page of history into the queue, or turns live when history is exhausted. */
    private void catchUpPage() {
      long from;
      synchronized (this) {
        from = next;
      }
      List<RevisionEvents> page = new ArrayList<>();
      long lastRevisionRead;
      boolean exhausted;
      try (ReadView view = views.get()) {
        AppliedState state = view.appliedState();
        if (from < state.getCompactRevision()) {
          end(ErrorCode.COMPACTED, "revision " + from + " has been compacted; the oldest available is "
              + state.getCompactRevision(), state.getCompactRevision());
          return;
        }
        long upTo = state.getIndex();
        long[] last = {from - 1};
        int[] count = {0};
        boolean[] full = {false};
        if (from <= upTo) {
          view.scan(Table.EVENTS, EventKeys.key(from, 0), EventKeys.key(upTo + 1, 0), (k, v) -> {
            long revision = EventKeys.revisionOf(k);
            if (revision != last[0]) {
              if (count[0] >= pageEvents) {
                full[0] = true;
                return false;
              }
              page.add(new RevisionEvents(revision, new ArrayList<>()));
            }
            page.get(page.size() - 1).events().add(parse(v));
            count[0]++;
            last[0] = revision;
            return true;
          });
        }
        exhausted = !full[0];
        lastRevisionRead = exhausted ? Math.max(upTo, from - 1) : last[0];
      }
      synchronized (this) {
        if (ended) {
          return;
        }
        enqueueHistory(page);
        next = Math.max(next, lastRevisionRead + 1);
      }
      if (exhausted) {
        tryGoLive();
      }
    }

    /** Holding this monitor. */
    private void enqueueHistory(List<RevisionEvents> page) {
      for (RevisionEvents revisionEvents : page) {
        List<Event> selected = select(revisionEvents.events());
        if (!selected.isEmpty() && !ended) {
          enqueueEvents(revisionEvents.revision(), selected);
        }
      }
    }

    private void tryGoLive() {
      synchronized (lock) {
        synchronized (this) {
          if (!ended && next > current) {
            isLive = true;
            live.add(this);
          }
        }
      }
    }
  }

  /** The events one entry stored, as read back from history. */
  private record RevisionEvents(long revision, List<StoredEvent> events) {}

  private static Table tableOf(StoredEvent e) {
    for (Table t : Table.values()) {
      if (t.columnFamily().equals(e.getTable())) {
        return t;
      }
    }
    throw new StoreException("event for unknown table " + e.getTable());
  }

  private static StoredEvent parse(byte[] raw) {
    try {
      return StoredEvent.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt watch event", e);
    }
  }
}
