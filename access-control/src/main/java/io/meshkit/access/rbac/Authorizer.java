package io.meshkit.access.rbac;

import io.meshkit.proto.v1.Denial;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.edge.Caller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a caller may make a call, from this member's {@link AccessView}, and keeps the
 * audit of refusals: each is logged on the {@code meshkit.audit} logger, kept in a bounded list of
 * the latest ones ({@link #recentDenials}) and reported to a listener (metrics).
 *
 * <p>While auth is disabled every call is allowed. Once enabled: a call whose requirements are empty
 * (health, who-am-I) is allowed to anyone; otherwise an anonymous caller is refused with
 * UNAUTHENTICATED and a caller none of whose roles grants every requirement with PERMISSION_DENIED.
 * Callers whose certificate names one of {@code memberNames} (the members' own certificates) hold
 * the {@code member} role without a user record.
 */
public final class Authorizer {
  private static final Logger AUDIT = LoggerFactory.getLogger("meshkit.audit");
  static final int KEPT_DENIALS = 256;

  private final AccessView view;
  private final Set<String> memberNames;
  private final Consumer<Denial> onDenial;
  private final LongSupplier clock;
  private final Deque<Denial> denials = new ArrayDeque<>();

  public Authorizer(AccessView view, Set<String> memberNames, Consumer<Denial> onDenial) {
    this(view, memberNames, onDenial, System::currentTimeMillis);
  }

  Authorizer(AccessView view, Set<String> memberNames, Consumer<Denial> onDenial, LongSupplier clock) {
    this.view = view;
    this.memberNames = Set.copyOf(memberNames);
    this.onDenial = onDenial;
    this.clock = clock;
  }

  public AccessView view() {
    return view;
  }

  /** Whether calls are being judged now (auth enabled); while not, {@link #check} allows everything. */
  public boolean enforcing() {
    return view.state().enabled();
  }

  /** The roles {@code caller} holds now (also while auth is disabled, for who-am-I). */
  public Set<String> rolesOf(Caller caller) {
    Set<String> held = new LinkedHashSet<>(view.state().rolesOf(caller));
    if (caller.kind() == Caller.Kind.CERTIFICATE && memberNames.contains(caller.name())) {
      held.add(BuiltinRoles.MEMBER);
    }
    return held;
  }

  /**
   * Allows the call or throws.
   *
   * @param call the gRPC method or REST route, for the audit record
   * @param needed what the call needs; empty = open to every caller
   * @throws MeshException UNAUTHENTICATED or PERMISSION_DENIED, with a hint
   */
  public void check(Caller caller, String call, List<Requirement> needed) {
    AccessState state = view.state();
    if (!state.enabled() || needed.isEmpty()) {
      return;
    }
    if (!caller.identified()) {
      deny(caller, call, needed.get(0).describe());
      throw new MeshException(ErrorCode.UNAUTHENTICATED, "this cluster requires callers to identify themselves ("
          + call + " needs " + needed.get(0).describe() + ")",
          "present a client certificate (meshctl --cert/--key) or a bearer token (meshctl --token)");
    }
    Set<String> held = rolesOf(caller);
    Requirement missing = state.firstMissing(held, needed);
    if (missing != null) {
      deny(caller, call, missing.describe());
      throw new MeshException(ErrorCode.PERMISSION_DENIED, caller.name() + " may not " + missing.describe()
          + " (" + call + "); " + (held.isEmpty() ? "it holds no role" : "its roles " + String.join(", ", held)
          + " do not grant it"), "an admin can grant it: meshctl auth user put " + caller.name()
          + " --role ROLE (meshctl auth status lists the roles)");
    }
  }

  /** Refuses a call nothing describes the needs of (a method without a rule): fail closed. */
  public void refuseUnknown(Caller caller, String call) {
    if (!view.state().enabled()) {
      return;
    }
    deny(caller, call, "a rule for " + call);
    throw new MeshException(ErrorCode.PERMISSION_DENIED, call + " has no access rule, so it is refused while auth"
        + " is enabled", "this is a bug in MeshKit: please report it");
  }

  /** The latest refusals, newest first, at most {@code limit}. */
  public List<Denial> recentDenials(int limit) {
    List<Denial> out = new ArrayList<>();
    synchronized (denials) {
      Iterator<Denial> newest = denials.descendingIterator();
      while (newest.hasNext() && out.size() < limit) {
        out.add(newest.next());
      }
    }
    return out;
  }

  private void deny(Caller caller, String call, String needed) {
    Denial denial = Denial.newBuilder().setUnixMs(clock.getAsLong()).setCaller(caller.describe()).setCall(call)
        .setNeeded(needed).build();
    AUDIT.warn("denied {} to {}: needs {}", call, caller.describe(), needed);
    synchronized (denials) {
      if (denials.size() == KEPT_DENIALS) {
        denials.removeFirst();
      }
      denials.addLast(denial);
    }
    onDenial.accept(denial);
  }
}
