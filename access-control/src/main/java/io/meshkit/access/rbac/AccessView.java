package io.meshkit.access.rbac;

import io.meshkit.access.follow.StoreFollower;
import io.meshkit.proto.internal.v1.StoredAuthToken;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Table;
import io.meshkit.raft.WatchSpec;
import io.meshkit.raft.edge.Caller;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * This member's current {@link AccessState}: read from the local store at start, then read again
 * after every applied RBAC change (a watch on {@link Table#ACCESS}, {@link StoreFollower}).
 * Authorization on a member therefore follows the changes it has applied: a grant or revocation takes
 * effect on each member when that member applies it, normally within milliseconds of the commit.
 */
public final class AccessView implements AutoCloseable {
  private final LongSupplier clock;
  private final StoreFollower<AccessState> follower;
  private volatile AccessState state = AccessState.EMPTY;

  private AccessView(RaftNode node, LongSupplier clock) {
    this.clock = clock;
    this.follower = new StoreFollower<>(node, "the access control records", AccessState::load, AccessState::revision,
        from -> new WatchSpec(Table.ACCESS, null, null, false, from), this::swap);
  }

  /** Reads the records now and follows them from then on. */
  public static AccessView follow(RaftNode node) {
    AccessView view = new AccessView(node, System::currentTimeMillis);
    view.follower.start();
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

  /** Reads the records again now, on the calling thread (after a change this member applied). */
  public void reload() {
    follower.reload();
  }

  private synchronized void swap(AccessState loaded) {
    if (loaded.revision() >= state.revision()) {
      state = loaded;
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
