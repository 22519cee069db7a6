package io.meshkit.access.bootstrap;

import io.meshkit.proto.internal.v1.ConsumeJoinTokenCommand;
import io.meshkit.proto.internal.v1.IssueJoinTokenCommand;
import io.meshkit.proto.internal.v1.RevokeJoinTokenCommand;
import io.meshkit.proto.internal.v1.StoredJoinToken;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.JoinToken;
import io.meshkit.proto.v1.Joiner;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * Applying issue, consume and revoke of join tokens, on the apply thread. Deterministic: the only
 * clock is {@link ApplyContext#applyTimeMillis()}, the only secret a hash the command carries.
 * Business failures throw {@link CommandFailure} before anything is written.
 *
 * <p>Invariants: a token's {@code uses} never exceeds {@code uses_allowed}; a revoked token stays
 * revoked; a token is expired from the apply time equal to its {@code expires_unix_ms} on.
 */
final class JoinTokenCommands {
  private static final String NEW_TOKEN = "ask an administrator for a new one (meshctl bootstrap issue --role ROLE)";

  private JoinTokenCommands() {}

  static JoinToken issue(ApplyContext context, IssueJoinTokenCommand c) {
    if (JoinTokenRecords.get(context, c.getId()).isPresent()) {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "join token " + c.getId() + " already exists; issue again"
          + " (a new id is drawn)");
    }
    long now = context.applyTimeMillis();
    JoinToken token = JoinToken.newBuilder().setId(c.getId()).setRole(c.getRole()).setCreatedUnixMs(now)
        .setExpiresUnixMs(now + c.getTtlMs()).setUsesAllowed(c.getUsesAllowed()).setCreatedBy(c.getCreatedBy())
        .build();
    JoinTokenRecords.put(context, StoredJoinToken.newBuilder().setToken(token).setSecretSha256(c.getSecretSha256())
        .build());
    return token;
  }

  /**
   * Why {@code secretHash} does not open join token {@code id} ({@code stored}, as read): unknown id or
   * wrong secret; empty when it does. Neither ever changes for an issued token, so the edge may ask this
   * of a read before proposing — an unauthenticated caller with a made-up token then causes no Raft write.
   */
  static Optional<String> credentialProblem(Optional<StoredJoinToken> stored, String id, byte[] secretHash) {
    if (stored.isEmpty()) {
      return Optional.of("join token " + id + " is unknown to this cluster (mistyped, or issued by another "
          + "cluster); " + NEW_TOKEN);
    }
    if (!MessageDigest.isEqual(stored.get().getSecretSha256().toByteArray(), secretHash)) {
      return Optional.of("the secret of join token " + id + " is wrong (copy the whole token text as meshctl "
          + "bootstrap issue printed it); " + NEW_TOKEN);
    }
    return Optional.empty();
  }

  /** One join with the token, or UNAUTHENTICATED saying why not: unknown, wrong secret, revoked, expired, used up. */
  static JoinToken consume(ApplyContext context, ConsumeJoinTokenCommand c) {
    Optional<StoredJoinToken> found = JoinTokenRecords.get(context, c.getId());
    credentialProblem(found, c.getId(), c.getSecretSha256().toByteArray()).ifPresent(problem -> {
      throw refused(problem);
    });
    StoredJoinToken stored = found.orElseThrow();
    JoinToken token = stored.getToken();
    if (token.getRevoked()) {
      throw refused("join token " + c.getId() + " was revoked; " + NEW_TOKEN);
    }
    long now = context.applyTimeMillis();
    if (now >= token.getExpiresUnixMs()) {
      throw refused("join token " + c.getId() + " expired at " + Instant.ofEpochMilli(token.getExpiresUnixMs())
          + "; " + NEW_TOKEN + ", with a longer --ttl if needed");
    }
    if (token.getUses() >= token.getUsesAllowed()) {
      throw refused("join token " + c.getId() + " is used up (" + token.getUses() + " of " + token.getUsesAllowed()
          + " joins, last by " + token.getJoined(token.getJoinedCount() - 1).getName() + "); " + NEW_TOKEN
          + ", with --uses N for several machines");
    }
    JoinToken used = token.toBuilder().setUses(token.getUses() + 1)
        .addJoined(Joiner.newBuilder().setName(c.getJoiner()).setAtUnixMs(now)).build();
    JoinTokenRecords.put(context, stored.toBuilder().setToken(used).build());
    return used;
  }

  /** Revokes the token; revoking a revoked token changes nothing and succeeds. */
  static JoinToken revoke(ApplyContext context, RevokeJoinTokenCommand c) {
    StoredJoinToken stored = JoinTokenRecords.get(context, c.getId()).orElseThrow(() -> new CommandFailure(
        ErrorCode.NOT_FOUND, "join token " + c.getId() + " does not exist; list them: meshctl bootstrap list"));
    if (stored.getToken().getRevoked()) {
      return stored.getToken();
    }
    JoinToken revoked = stored.getToken().toBuilder().setRevoked(true).build();
    JoinTokenRecords.put(context, stored.toBuilder().setToken(revoked).build());
    return revoked;
  }

  private static CommandFailure refused(String message) {
    return new CommandFailure(ErrorCode.UNAUTHENTICATED, message);
  }
}
