package io.meshkit.raft.edge;

import io.grpc.Context;
import java.util.List;

/**
 * Who is calling, as the client edge established it for the call in progress: the subject of the
 * client certificate the TLS handshake verified, the user a bearer token belongs to, or nobody.
 *
 * <p>Set once per call by the member's identity interceptor before any service code runs and readable
 * anywhere on the call's thread through {@link #current()}. Services use it for the actor of an audited
 * change; the authorizer and the rate limiter key on {@link #name()}.
 *
 * @param name the identity: a certificate's common name (or, lacking one, its first DNS SAN), a token's
 *     user, or {@code anonymous} — never empty
 * @param groups for a certificate, its organization (O) values; empty otherwise
 * @param kind how the identity was established
 * @param address the peer's remote address as text ({@code 127.0.0.1:51234}), {@code ""} when unknown
 */
public record Caller(String name, List<String> groups, Kind kind, String address) {
  /** The name of a caller that presented neither a certificate nor a token. */
  public static final String ANONYMOUS_NAME = "anonymous";

  /** How an identity was established. */
  public enum Kind {
    /** A client certificate verified against the member's CA bundle during the TLS handshake. */
    CERTIFICATE,
    /** A bearer token the cluster issued. */
    TOKEN,
    /** Neither: a plaintext client, or TLS without a client certificate. */
    ANONYMOUS,
    /** Work the member does on its own behalf (its controllers, not a remote call). */
    MEMBER
  }

  private static final Context.Key<Caller> KEY = Context.key("meshkit-caller");
  private static final Caller UNKNOWN = anonymous("");

  public Caller {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a caller needs a name");
    }
    groups = List.copyOf(groups);
    address = address == null ? "" : address;
  }

  /** A caller with no identity, seen at {@code address}. */
  public static Caller anonymous(String address) {
    return new Caller(ANONYMOUS_NAME, List.of(), Kind.ANONYMOUS, address);
  }

  /** The caller of the gRPC call this thread serves, or an anonymous caller outside any call. */
  public static Caller current() {
    Caller caller = KEY.get();
    return caller == null ? UNKNOWN : caller;
  }

  /** {@code context} with this caller as the current one. */
  public Context attach(Context context) {
    return context.withValue(KEY, this);
  }

  /** Whether the caller proved who it is (a certificate or a token). */
  public boolean identified() {
    return kind != Kind.ANONYMOUS;
  }

  /** For logs and audit records: {@code alice (certificate, 10.0.0.7:5123)}. */
  public String describe() {
    String how = kind.name().toLowerCase(java.util.Locale.ROOT);
    return address.isEmpty() ? name + " (" + how + ")" : name + " (" + how + ", " + address + ")";
  }
}
