package io.meshkit.access.follow;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.WatchSpec;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps something read from this member's store current: {@link #start} reads it (a serializable read
 * of the member's own applied state) and opens a watch from the revision after; every change the watch
 * delivers queues one more read (reads that pile up are coalesced into one); a watch that ends — a
 * snapshot installed, compaction — is opened again after a fresh read. Each successful read is handed to
 * {@code onRead}, on the follower's own thread or, for {@link #start} and {@link #reload}, the caller's;
 * what to keep of it (newer revisions only, say) is the owner's decision.
 *
 * @param <T> what is read; {@code revision} tells which revision it reflects (the watch starts after it)
 */
public final class StoreFollower<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFollower.class);
  private static final long REWATCH_DELAY_MS = 500;

  private final RaftNode node;
  private final String what;
  private final Function<KeyValueReader, T> read;
  private final Function<T, Long> revision;
  private final LongFunction<WatchSpec> watchFrom;
  private final Consumer<T> onRead;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean reloadQueued = new AtomicBoolean();
  private volatile Watch watch;
  private volatile boolean closed;

  /**
   * @param what names what is followed, in log lines ("the access control records")
   * @param watchFrom the watch that selects changes, from a start revision
   */
  public StoreFollower(RaftNode node, String what, Function<KeyValueReader, T> read, Function<T, Long> revision,
      LongFunction<WatchSpec> watchFrom, Consumer<T> onRead) {
    this.node = node;
    this.what = what;
    this.read = read;
    this.revision = revision;
    this.watchFrom = watchFrom;
    this.onRead = onRead;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "follow " + what);
      t.setDaemon(true);
      return t;
    });
  }

  /** Reads now, on the calling thread, and follows from then on (retrying on its own thread if the read fails). */
  public void start() {
    readAndWatch();
  }

  /** Reads again now, on the calling thread (after a change this member applied and waits to see). */
  public void reload() {
    reloadQueued.set(false);
    try {
      onRead.accept(node.read(RaftNode.Consistency.SERIALIZABLE, read::apply).join());
    } catch (RuntimeException e) {
      LOG.warn("could not read {} ({}); the next change reads them again", what, e.toString());
    }
  }

  /** Runs {@code task} on the follower's thread, after the reads queued before it. */
  public void execute(Runnable task) {
    thread.execute(task);
  }

  private void readAndWatch() {
    if (closed) {
      return;
    }
    try {
      T loaded = node.read(RaftNode.Consistency.SERIALIZABLE, read::apply).join();
      onRead.accept(loaded);
      watch = node.watch(watchFrom.apply(revision.apply(loaded) + 1), new Listener());
    } catch (RuntimeException e) {
      LOG.warn("could not read {} ({}); trying again", what, e.toString());
      thread.schedule(this::readAndWatch, REWATCH_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  private final class Listener implements WatchListener {
    @Override
    public void onEvents(long revision, List<Event> events) {
      if (reloadQueued.compareAndSet(false, true)) {
        thread.execute(StoreFollower.this::reload);
      }
    }

    @Override
    public void onProgress(long revision) {}

    @Override
    public void onCanceled(ErrorCode code, String reason, long compactRevision) {
      if (!closed) {
        LOG.info("watch on {} ended ({}: {}); reading them again", what, code, reason);
        thread.schedule(StoreFollower.this::readAndWatch, REWATCH_DELAY_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Watch w = watch;
    if (w != null) {
      w.cancel("member stopping");
    }
    thread.shutdownNow();
  }
}
