package io.meshkit.cli;

import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.AuthMutationResponse;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl auth role put | delete | list}. */
@Command(name = "role", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Custom roles: named sets of grants. Built-in roles (viewer, operator, relay, admin, member) are "
        + "fixed.",
    subcommands = {AuthRoleCommand.Put.class, AuthRoleCommand.Delete.class, AuthRoleCommand.ListRoles.class},
    footer = {"", "Examples:",
        "  meshctl auth role put app-writer --grant kv:write:app/ --grant kv:read",
        "  meshctl auth role put orders-ops --grant registry:write:orders --grant rebalance:write:orders",
        "  meshctl auth role delete app-writer",
        "  meshctl auth role list"})
final class AuthRoleCommand extends CommandGroup {
  static final String GRANT_HELP = "api:access[:prefix]. api: kv, lease, election, registry, rebalance, federation, "
      + "failover, cluster, membership, auth, bootstrap, member or * (all); access: read or write (write includes "
      + "read); prefix: keys (kv), namespaces (registry, rebalance), scopes (election) or cluster ids (federation) "
      + "starting with it; none = all.";

  /** {@code api:access[:prefix]} as a permission; throws {@link UsageException} naming the bad part. */
  static Permission grant(String text) {
    String[] parts = text.split(":", 3);
    if (parts.length < 2 || parts[0].isEmpty()) {
      throw new UsageException("--grant " + text + ": expected api:access[:prefix], like kv:write:app/");
    }
    Access access = switch (parts[1].toLowerCase(Locale.ROOT)) {
      case "read" -> Access.READ;
      case "write" -> Access.WRITE;
      default -> throw new UsageException("--grant " + text + ": access \"" + parts[1] + "\" is not read or write");
    };
    return Permission.newBuilder().setApi(parts[0]).setAccess(access).setPrefix(parts.length == 3 ? parts[2] : "")
        .build();
  }

  @Command(name = "put", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Creates a custom role or replaces its grants. Users holding it get the new grants at once.",
      footer = {"", "Examples:",
          "  meshctl auth role put app-writer --grant kv:write:app/ --grant kv:read",
          "  meshctl auth role put leaders --grant election:write:app/ --grant lease:write"})
  static final class Put extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "1-64 of a-z, 0-9, '.', '_', '-'.")
    String name;

    @Option(names = "--grant", required = true, paramLabel = "API:ACCESS[:PREFIX]", description = GRANT_HELP)
    List<String> grants = new ArrayList<>();

    private final List<Permission> permissions = new ArrayList<>();

    @Override
    void validate(CliContext context) {
      grants.forEach(g -> permissions.add(grant(g)));
    }

    @Override
    boolean writes() {
      return true;
    }

    @Override
    int run(Session session) {
      AuthMutationResponse r = session.client().auth().putRole(Role.newBuilder().setName(name)
          .addAllPermissions(permissions).build());
      return AuthText.printChanged(session, "role " + name + " put", r);
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Deletes a custom role; refused while a user holds it (the message names them).",
      footer = {"", "Examples:",
          "  meshctl auth role delete app-writer",
          "  meshctl auth user put alice --role viewer && meshctl auth role delete app-writer"})
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    boolean writes() {
      return true;
    }

    @Override
    int run(Session session) {
      AuthMutationResponse r = session.client().auth().deleteRole(name);
      return AuthText.printChanged(session, "role " + name + " deleted", r);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Every role, built-in and custom, with its grants.",
      footer = {"", "Examples:",
          "  meshctl auth role list",
          "  meshctl auth role list -o json | jq -r '.[] | select(.builtin | not) | .name'"})
  static final class ListRoles extends ClientCommand {
    @Override
    int run(Session session) {
      return AuthText.printStatusPart(session, AuthViews.Status::roles, AuthText::roles);
    }
  }
}
