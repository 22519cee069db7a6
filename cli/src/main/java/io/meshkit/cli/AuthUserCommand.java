package io.meshkit.cli;

import io.meshkit.proto.v1.AuthMutationResponse;
import io.meshkit.proto.v1.User;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl auth user put | delete | list}. */
@Command(name = "user", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Users: a name (a certificate's CN, or any name for token users) and the roles it holds. A "
        + "certificate's O values are roles too, without a user record.",
    subcommands = {AuthUserCommand.Put.class, AuthUserCommand.Delete.class, AuthUserCommand.ListUsers.class},
    footer = {"", "Examples:",
        "  meshctl auth user put alice --role app-writer --role viewer",
        "  meshctl auth user put ci --role viewer && meshctl auth token create ci",
        "  meshctl auth user delete alice      # and her tokens",
        "  meshctl auth user list"})
final class AuthUserCommand extends CommandGroup {
  @Command(name = "put", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Creates a user or replaces its roles (each must exist). No --role leaves it with none.",
      footer = {"", "Examples:",
          "  meshctl auth user put alice --role operator",
          "  meshctl auth user put bob              # no roles: only what his certificate's O values give"})
  static final class Put extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The certificate CN (or token user) it names.")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", description = "A role the user holds; repeat for more.")
    List<String> roles = new ArrayList<>();

    @Override
    boolean writes() {
      return true;
    }

    @Override
    int run(Session session) {
      AuthMutationResponse r = session.client().auth().putUser(User.newBuilder().setName(name).addAllRoles(roles)
          .build());
      return AuthText.printChanged(session, "user " + name + " put with roles "
          + (roles.isEmpty() ? "(none)" : String.join(",", roles)), r);
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Deletes a user and revokes its tokens. A certificate naming it keeps the roles its O values give.",
      footer = {"", "Examples:",
          "  meshctl auth user delete alice",
          "  meshctl auth user delete ci && meshctl auth token list"})
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    boolean writes() {
      return true;
    }

    @Override
    int run(Session session) {
      AuthMutationResponse r = session.client().auth().deleteUser(name);
      return AuthText.printChanged(session, "user " + name + " deleted", r);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Every user and its roles.",
      footer = {"", "Examples:",
          "  meshctl auth user list",
          "  meshctl auth user list -o json"})
  static final class ListUsers extends ClientCommand {
    @Override
    int run(Session session) {
      return AuthText.printStatusPart(session, AuthViews.Status::users, AuthText::users);
    }
  }
}
