package io.meshkit.access.rbac;

import io.meshkit.proto.internal.v1.StoredAuthToken;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Table;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.WatchSpec;
import io.meshkit.raft.edge.Caller;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's current {@link AccessState}: read from the local store at start, then read again
 * after every applied RBAC change (a watch on {@link Table#ACCESS}; a watch that ends — a snapshot
 * installed, compaction — is opened again after a fresh read). Authorization on a member therefore
 * follows the changes it has applied: a grant or revocation takes effect on each member when that
 * member applies it, normally within milliseconds of the commit.
 */
public final class AccessView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessView.class);
  private static final long REWATCH_DELAY_MS = 500;

  private final RaftNode node;
  private final LongSupplier clock;
  private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "access-view");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean reloadQueued = new AtomicBoolean();
  private volatile AccessState state = AccessState.EMPTY;
  private volatile Watch watch;
  private volatile boolean closed;

  private AccessView(RaftNode node, LongSupplier clock) {
    this.node = node;
    this.clock = clock;
  }

  /** Reads the records now and follows them from then on. */
  public static AccessView follow(RaftNode node) {
    AccessView view = new AccessView(node, System::currentTimeMillis);
    view.reloadAndWatch();
    return view;
  }

  public AccessState state() {
    return state;
  }

  /**
   * The caller a bearer token identifies.
   *
   * @throws MeshException UNAUTHENTICATED for text that is not a token, an unknown or revoked token,
   *     a wrong secret, an expired token
   */
  public Caller tokenCaller(String text, String address) {
    BearerTokens.Parsed parsed = BearerTokens.parse(text).orElseThrow(() -> unauthenticated(
        "the bearer token is not a MeshKit token", "tokens look like mktok.<id>.<secret>: meshctl auth token create"));
    StoredAuthToken stored = state.token(parsed.id()).orElseThrow(() -> unauthenticated("token " + parsed.id()
        + " is unknown or revoked", "get a new one: meshctl auth token create USER"));
    if (!MessageDigest.isEqual(stored.getSecretSha256().toByteArray(), BearerTokens.sha256(parsed.secret()))) {
      throw unauthenticated("wrong secret for token " + parsed.id(), "use the whole token text meshctl printed");
    }
    if (stored.getToken().getExpiresUnixMs() <= clock.getAsLong()) {
      throw unauthenticated("token " + parsed.id() + " expired", "get a new one: meshctl auth token create "
          + stored.getToken().getUser());
    }
    return new Caller(stored.getToken().getUser(), List.of(), Caller.Kind.TOKEN, address);
  }

  private static MeshException unauthenticated(String message, String hint) {
    return new MeshException(ErrorCode.UNAUTHENTICATED, message, hint);
  }

  private void reloadAndWatch() {
    if (closed) {
      return;
    }
    try {
      AccessState loaded = node.read(RaftNode.Consistency.SERIALIZABLE, AccessState::load).join();
      state = loaded;
      watch = node.watch(new WatchSpec(Table.ACCESS, null, null, false, loaded.revision() + 1), new Listener());
    } catch (RuntimeException e) {
      LOG.warn("could not read the access control records ({}); trying again", e.toString());
      reloads.schedule(this::reloadAndWatch, REWATCH_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Reads the records again now, on the calling thread (after a change this member applied). */
  public void reload() {
    reloadQueued.set(false);
    try {
      AccessState loaded = node.read(RaftNode.Consistency.SERIALIZABLE, AccessState::load).join();
      if (loaded.revision() >= state.revision()) {
        state = loaded;
      }
    } catch (RuntimeException e) {
      LOG.warn("could not read the access control records ({}); the next change reads them again", e.toString());
    }
  }

  private final class Listener implements WatchListener {
    @Override
    public void onEvents(long revision, List<Event> events) {
      if (reloadQueued.compareAndSet(false, true)) {
        reloads.execute(AccessView.this::reload);
      }
    }

    @Override
    public void onProgress(long revision) {}

    @Override
    public void onCanceled(ErrorCode code, String reason, long compactRevision) {
      if (!closed) {
        LOG.info("access control watch ended ({}: {}); reading the records again", code, reason);
        reloads.schedule(AccessView.this::reloadAndWatch, REWATCH_DELAY_MS, TimeUnit.MILLISECONDS);
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
    reloads.shutdownNow();
  }
}
