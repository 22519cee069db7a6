package io.meshkit.cli;

import io.meshkit.proto.v1.AuthStatusResponse;
import io.meshkit.proto.v1.AuthToken;
import io.meshkit.proto.v1.Denial;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import io.meshkit.proto.v1.WhoAmIResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The documents of {@code meshctl auth} ({@code -o json|yaml}). A token's secret appears only in {@link Created}. */
final class AuthViews {
  private AuthViews() {}

  /** {@code api:access[:prefix]}, the form {@code --grant} takes. */
  static String grant(Permission p) {
    String access = p.getAccess().name().toLowerCase(Locale.ROOT);
    return p.getApi() + ":" + access + (p.getPrefix().isEmpty() ? "" : ":" + p.getPrefix());
  }

  record RoleView(String name, boolean builtin, List<String> grants) {
    static RoleView of(Role r) {
      return new RoleView(r.getName(), r.getBuiltin(), r.getPermissionsList().stream().map(AuthViews::grant).toList());
    }
  }

  record UserView(String name, List<String> roles) {
    static UserView of(User u) {
      return new UserView(u.getName(), u.getRolesList());
    }
  }

  record TokenView(String id, String user, String description, String created, String expires, String createdBy) {
    static TokenView of(AuthToken t) {
      return new TokenView(t.getId(), t.getUser(), t.getDescription(), Instant.ofEpochMilli(t.getCreatedUnixMs())
          .toString(), Instant.ofEpochMilli(t.getExpiresUnixMs()).toString(), t.getCreatedBy());
    }
  }

  record Status(Views.Header header, boolean enabled, List<RoleView> roles, List<UserView> users,
      List<TokenView> tokens) {
    static Status of(AuthStatusResponse r) {
      return new Status(Views.Header.of(r.getHeader()), r.getEnabled(),
          r.getRolesList().stream().map(RoleView::of).toList(), r.getUsersList().stream().map(UserView::of).toList(),
          r.getTokensList().stream().map(TokenView::of).toList());
    }
  }

  record WhoAmI(String name, String kind, List<String> groups, List<String> roles, boolean authEnabled) {
    static WhoAmI of(WhoAmIResponse r) {
      return new WhoAmI(r.getName(), r.getKind(), r.getGroupsList(), r.getRolesList(), r.getAuthEnabled());
    }
  }

  /** What {@code token create} prints: the token text (shown this once) and its record. */
  record Created(String token, TokenView record) {}

  record DenialView(String at, String caller, String call, String needed) {
    static DenialView of(Denial d) {
      return new DenialView(Instant.ofEpochMilli(d.getUnixMs()).toString(), d.getCaller(), d.getCall(), d.getNeeded());
    }
  }

  record Denials(String member, List<DenialView> denials) {}

  /** The outcome of a change: what changed, at which revision. */
  record Changed(String change, long revision) {}
}
