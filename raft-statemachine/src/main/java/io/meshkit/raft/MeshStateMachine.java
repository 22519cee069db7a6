package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MeshKit's Ratis state machine over {@link MeshStore}.
 *
 * <p>Leader work happens in {@link #startTransaction}: the command is validated, size-checked and
 * stamped with the leader's clock. Replicated work happens in {@link #applyTransaction}, which is
 * deterministic — it reads only the log entry and the store; do NOT bring clocks, randomness,
 * configuration or the network into it. Business failures become result codes inside the reply;
 * internal failures are thrown, which makes Ratis close this member rather than let it diverge.
 *
 * <p>Threading: {@code applyTransaction}, {@code takeSnapshot}, {@code pause} and
 * {@code reinitialize} run on the single state-machine-updater thread; {@code startTransaction} and
 * {@code query} on RPC threads. Readers get views through {@link #openView()}, which holds off a
 * store swap (snapshot install) until they close.
 */
final class MeshStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MeshStateMachine.class);
  /** Prefix of the message a rejected command carries back through Ratis. */
  static final String REJECTED = "MESHKIT_REJECTED:";

  private final Path stateDir;
  private final CheckpointStorage snapshots;
  private final CommandDispatcher dispatcher;
  private final EntryApplier applier;
  private final Clock clock;
  private final Consumer<Throwable> onFatal;
  private final StateMachineListener listener;
  private final LeadershipRelay leadership = new LeadershipRelay();
  private final LeaderQueries leaderQueries = new LeaderQueries();
  private final StampedLock storeLock = new StampedLock();
  private volatile MeshStore store;
  private final WatchHub hub;
  private final AppliedIndexWaiters appliedWaiters = new AppliedIndexWaiters();
  private final StateHashes stateHashes = new StateHashes();

  MeshStateMachine(Path stateDir, CommandDispatcher dispatcher, Clock clock, Executor watchExecutor,
      int maxQueuedWatchEvents, Consumer<Throwable> onFatal, StateMachineListener listener) {
    this.stateDir = stateDir;
    this.snapshots = new CheckpointStorage(stateDir);
    this.dispatcher = dispatcher;
    this.applier = new EntryApplier(dispatcher);
    this.clock = clock;
    this.onFatal = onFatal;
    this.listener = listener;
    this.hub = new WatchHub(this::openView, 0, watchExecutor, maxQueuedWatchEvents, 1000);
  }

  WatchHub watchHub() {
    return hub;
  }

  StateHashes stateHashes() {
    return stateHashes;
  }

  /**
   * What applying {@code command} next would answer — its result, including any business failure —
   * computed on a view of the current state and thrown away: nothing is written, no watcher sees
   * it. For dry runs. Apply time is this member's clock (never below the last apply time).
   */
  CommandResult preview(Command command) {
    try (ReadView view = openView()) {
      AppliedState applied = view.appliedState();
      EntryBatch batch = new EntryBatch(null, view, applied.getTerm(), applied.getIndex() + 1,
          Math.max(applied.getApplyTimeUnixMs(), clock.millis()));
      return dispatcher.apply(batch, command);
    }
  }

  /** A consistent view of the current store. Close it promptly: it blocks snapshot installs. */
  ReadView openView() {
    long stamp = storeLock.readLock();
    try {
      MeshStore current = store;
      if (current == null) {
        throw new StoreException("the state machine is not open");
      }
      ReadView view = current.readView();
      return new ReadView() {
        private boolean closed;

        @Override
        public io.meshkit.proto.internal.v1.AppliedState appliedState() {
          return view.appliedState();
        }

        @Override
        public java.util.Optional<byte[]> get(Table table, byte[] key) {
          return view.get(table, key);
        }

        @Override
        public void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor) {
          view.scan(table, from, toExclusive, visitor);
        }

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            view.close();
            storeLock.unlockRead(stamp);
          }
        }
      };
    } catch (RuntimeException e) {
      storeLock.unlockRead(stamp);
      throw e;
    }
  }

  /**
   * The revision of the current state: the index of the last entry the state machine applied, which
   * every member reports for the same state. Ratis' applied index can stand above it: it also counts
   * the entries Ratis applies without the state machine. 0 while the store is closed.
   */
  long revision() {
    MeshStore current = store;
    return current == null ? 0 : current.applied().getIndex();
  }

  /** Approximate database size; 0 while the store is closed. Holds off a close while it reads. */
  long dbSizeBytes() {
    long stamp = storeLock.readLock();
    try {
      MeshStore current = store;
      return current == null ? 0 : current.sizeBytes();
    } finally {
      storeLock.unlockRead(stamp);
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshots.init(raftStorage);
    getLifeCycle().startAndTransition(this::openStore, IOException.class);
  }

  private void openStore() throws IOException {
    MeshStore opened = StoreRecovery.open(stateDir.resolve("db"), snapshots);
    long stamp = storeLock.writeLock();
    try {
      store = opened;
    } finally {
      storeLock.unlockWrite(stamp);
    }
    var snapshot = snapshots.getLatestSnapshot();
    setLastAppliedTermIndex(snapshot == null ? TermIndex.INITIAL_VALUE : snapshot.getTermIndex());
    appliedWaiters.advance(getLastAppliedTermIndex().getIndex());
    hub.reset(opened.applied().getIndex());
    LOG.info("state machine open at {}: applied index {}, snapshot {}", stateDir, opened.applied().getIndex(),
        snapshot == null ? "none" : snapshot.getTermIndex());
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /** After a snapshot install: swap the live database for the installed checkpoint. */
  @Override
  public void reinitialize() throws IOException {
    snapshots.reload();
    closeStore();
    getLifeCycle().startAndTransition(this::openStore, IOException.class);
    listener.onSnapshotInstalled(getLastAppliedTermIndex().getIndex());
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder builder = TransactionContext.newBuilder().setStateMachine(this)
        .setClientRequest(request);
    try {
      Command command = Command.parseFrom(request.getMessage().getContent().toByteArray());
      dispatcher.validate(command);
      LogEntry entry = LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(clock.millis()).build();
      return builder.setLogData(UnsafeByteOperations.unsafeWrap(entry.toByteArray())).build();
    } catch (InvalidProtocolBufferException e) {
      return rejected(builder, ErrorCode.INVALID_ARGUMENT, "malformed command: " + e.getMessage());
    } catch (CommandRejectedException e) {
      return rejected(builder, e.code(), e.getMessage());
    }
  }

  private static TransactionContext rejected(TransactionContext.Builder builder, ErrorCode code, String message) {
    TransactionContext trx = builder.build();
    trx.setException(new IOException(REJECTED + code.name() + ":" + message));
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    try {
      LogEntry logged = LogEntry.parseFrom(entry.getStateMachineLogEntry().getLogData().toByteArray());
      // Measurement only; never part of the applied state.
      long started = System.nanoTime();
      EntryApplier.Outcome outcome = applier.apply(store, term, index, logged);
      if (!outcome.skipped() && logged.getCommand().hasHashMarker()) {
        // Before the applied index advances: whoever waits for this index finds the hash pinned.
        stateHashes.pin(index, openView());
      }
      updateLastAppliedTermIndex(term, index);
      if (outcome.skipped()) {
        // Replayed after a restart: the database already holds this entry's effects.
        return CompletableFuture.completedFuture(Message.EMPTY);
      }
      hub.publish(index, outcome.events());
      listener.onApplied(index, outcome.result().getCode(), System.nanoTime() - started);
      return CompletableFuture.completedFuture(
          Message.valueOf(UnsafeByteOperations.unsafeWrap(outcome.result().toByteArray())));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.error("FATAL: apply of entry {} (term {}) failed; stopping this member", index, term, e);
      onFatal.accept(e);
      throw new IllegalStateException("apply of entry " + index + " failed", e);
    }
  }

  /**
   * Ratis could not write this member's Raft log (a full or failing disk): it closes the member's group,
   * and the process would linger on neither voting nor serving. It stops instead, as after a failed apply
   * (exit 70, docs/runbook.md "Full disk"); its peers carry on, and every acknowledged entry is on a
   * majority of logs. A write cut short by the member's own shutdown (an interrupt) is not a failure.
   */
  @Override
  public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
    if (!stopsTheMember(cause)) {
      LOG.info("a Raft log write was interrupted while this member stops: {}", cause.toString());
      return;
    }
    LOG.error("FATAL: the Raft log could not be written{}; stopping this member",
        failedEntry == null ? "" : " (entry " + failedEntry.getIndex() + ")", cause);
    onFatal.accept(cause);
  }

  /** Whether a failed Raft log write must stop the member: anything but an interrupted write. */
  static boolean stopsTheMember(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof java.nio.channels.ClosedByInterruptException || c instanceof java.io.InterruptedIOException
          || c instanceof InterruptedException) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every advance of the applied index — applied entries, and those Ratis applies without the state
   * machine (configuration, metadata, a new leader's first entry) — releases the waiters up to it.
   */
  @Override
  protected boolean updateLastAppliedTermIndex(TermIndex applied) {
    boolean changed = super.updateLastAppliedTermIndex(applied);
    appliedWaiters.advance(applied.getIndex());
    return changed;
  }

  /**
   * Completes once this member has applied {@code index}. Completes on the apply thread: continue
   * asynchronously.
   */
  CompletableFuture<Void> awaitApplied(long index) {
    return appliedWaiters.await(index);
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    return leaderQueries.answer(request.getContent().toByteArray())
        .thenApply(result -> Message.valueOf(UnsafeByteOperations.unsafeWrap(result.toByteArray())));
  }

  LeaderQueries leaderQueries() {
    return leaderQueries;
  }

  LeadershipRelay leadership() {
    return leadership;
  }

  @Override
  public void notifyLeaderReady() {
    try {
      long term = getServer().get().getDivision(getGroupId()).getInfo().getCurrentTerm();
      leadership.leaderReady(term);
    } catch (IOException | ExecutionException e) {
      LOG.warn("leader ready, but the division is gone: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    leadership.notLeader();
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex applied = getLastAppliedTermIndex();
    if (applied == null || applied.getIndex() <= 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    var latest = snapshots.getLatestSnapshot();
    if (latest != null && latest.getIndex() >= applied.getIndex()) {
      return latest.getIndex();
    }
    MeshStore current = store;
    current.recordLogIndex(applied.getIndex());
    Path staged = snapshots.stagingPath(applied);
    current.checkpoint(staged);
    snapshots.publish(staged, applied);
    LOG.info("snapshot taken at {}", applied);
    return applied.getIndex();
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    if (!groupMemberId.getPeerId().equals(newLeaderId)) {
      leadership.notLeader();
    }
    listener.onLeaderChanged(newLeaderId == null ? null : newLeaderId.toString());
  }

  @Override
  public void close() throws IOException {
    leadership.notLeader();
    hub.close();
    stateHashes.close();
    closeStore();
  }

  /** Closes the live store once no reader holds a view of it. */
  private void closeStore() {
    long stamp = storeLock.writeLock();
    try {
      if (store != null) {
        store.close();
        store = null;
      }
    } finally {
      storeLock.unlockWrite(stamp);
    }
  }
}
