package io.meshkit.cli;

import io.meshkit.proto.v1.JoinToken;
import java.time.Instant;
import java.util.List;

/** The documents of {@code meshctl bootstrap} ({@code -o json|yaml}). Secrets appear only in {@link Issued}. */
final class BootstrapViews {
  private BootstrapViews() {}

  /** A join token as the cluster records it. */
  record Token(String id, String role, String state, int usesAllowed, int uses, String created, String expires,
      String createdBy, List<Joiner> joined) {
    static Token of(JoinToken t, Instant now) {
      return new Token(t.getId(), t.getRole(), state(t, now), t.getUsesAllowed(), t.getUses(),
          Instant.ofEpochMilli(t.getCreatedUnixMs()).toString(), Instant.ofEpochMilli(t.getExpiresUnixMs()).toString(),
          t.getCreatedBy(), t.getJoinedList().stream().map(j -> new Joiner(j.getName(),
              Instant.ofEpochMilli(j.getAtUnixMs()).toString())).toList());
    }

    /** revoked, used-up, expired (by this machine's clock: the cluster decides at join time) or valid. */
    private static String state(JoinToken t, Instant now) {
      return t.getRevoked() ? "revoked" : t.getUses() >= t.getUsesAllowed() ? "used-up"
          : !now.isBefore(Instant.ofEpochMilli(t.getExpiresUnixMs())) ? "expired" : "valid";
    }
  }

  record Joiner(String name, String at) {}

  record TokenList(Views.Header header, List<Token> tokens) {}

  /** What issue prints: the token text (shown this once) and its record. */
  record Issued(String token, Token record) {}

  /** What join wrote and the configuration that uses it. */
  record Joined(String name, String role, String cluster, String notAfter, Files files, List<String> config) {
    record Files(String key, String cert, String ca, String gossipKey, String peers) {}
  }
}
