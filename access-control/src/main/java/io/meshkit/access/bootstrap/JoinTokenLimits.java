package io.meshkit.access.bootstrap;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.CommandRejectedException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a join token and a join may look like, checked before anything is proposed (no state needed):
 * ids, role and joiner names, lifetimes, use counts, secret hashes.
 */
public final class JoinTokenLimits {
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration MIN_TTL = Duration.ofSeconds(1);
  public static final Duration MAX_TTL = Duration.ofDays(7);
  public static final int MAX_USES = 1000;
  /** The roles bootstrap knows itself; any other valid name is an RBAC role. */
  public static final String MEMBER = "member";
  public static final String RELAY = "relay";

  private static final Pattern ID = Pattern.compile("[a-z0-9]{6,32}");
  /** Role names and joiner names: what a certificate's O and CN may carry. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final int SHA256_BYTES = 32;
  private static final int MAX_CREATOR = 253;

  private JoinTokenLimits() {}

  static void id(String id) throws CommandRejectedException {
    if (!ID.matcher(id).matches()) {
      throw invalid("join token id \"" + id + "\" is not valid", "ids are 6-32 lower-case letters and digits, as "
          + "meshctl bootstrap list shows them");
    }
  }

  static void role(String role) throws CommandRejectedException {
    if (!NAME.matcher(role).matches()) {
      throw invalid("role \"" + role + "\" is not a valid role name", "use member, relay or an RBAC role (viewer, "
          + "operator, admin, or your own): 1-63 letters, digits, '.', '_' or '-'");
    }
  }

  /** The name a certificate is issued to (its CN). */
  public static void joiner(String name) throws CommandRejectedException {
    if (!NAME.matcher(name).matches()) {
      throw invalid("name \"" + name + "\" is not valid for a certificate", "use 1-63 letters, digits, '.', '_' "
          + "or '-', starting with a letter or digit (a member id like n4, a relay name like relay-1)");
    }
  }

  static void ttl(long ttlMs) throws CommandRejectedException {
    if (ttlMs < MIN_TTL.toMillis() || ttlMs > MAX_TTL.toMillis()) {
      throw invalid("a join token lifetime of " + ttlMs + " ms", "give between 1s and 7d (default 1h)");
    }
  }

  static void uses(int uses) throws CommandRejectedException {
    if (uses < 1 || uses > MAX_USES) {
      throw invalid("a join token for " + uses + " uses", "give between 1 and " + MAX_USES + " (default 1)");
    }
  }

  static void secretHash(byte[] hash) throws CommandRejectedException {
    if (hash.length != SHA256_BYTES) {
      throw invalid("a secret hash of " + hash.length + " bytes", "send the SHA-256 of the secret (32 bytes)");
    }
  }

  static void creator(String name) throws CommandRejectedException {
    if (name.isEmpty() || name.length() > MAX_CREATOR) {
      throw invalid("a join token needs its creator's name (1-" + MAX_CREATOR + " characters)", "the service sets it"
          + " from the caller");
    }
  }

  static CommandRejectedException invalid(String message, String hint) {
    return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message, hint);
  }
}
