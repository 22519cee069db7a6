package io.meshkit.cli;

import io.meshkit.proto.v1.ChangeInfo;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Who asks for a change and why — {@code --reason}, {@code --ticket}, {@code --actor} — recorded in
 * the audit trail: the options of every registry mutation ({@link ChangeOptions}) and every
 * rebalance plan request.
 */
final class AuditOptions {
  static final String DEFAULT_ACTOR = "meshctl";

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "",
      description = "Why the change is made; recorded in the audit trail.")
  String reason;

  @Option(names = "--ticket", paramLabel = "TEXT", defaultValue = "",
      description = "The change ticket, recorded in the audit trail.")
  String ticket;

  @Option(names = "--actor", paramLabel = "NAME",
      description = "Who asks, for the audit trail. Default: $USER, else " + DEFAULT_ACTOR
          + ". A server that knows the caller's identity records that instead.")
  String actor;

  /** {@code --actor}, else the user from the environment, else {@value #DEFAULT_ACTOR}. */
  ChangeInfo change(Function<String, String> env) {
    String who = actor;
    if (who == null || who.isBlank()) {
      String user = env.apply("USER");
      who = user == null || user.isBlank() ? DEFAULT_ACTOR : user;
    }
    return ChangeInfo.newBuilder().setActor(who).setReason(reason).setChangeTicket(ticket).build();
  }
}
