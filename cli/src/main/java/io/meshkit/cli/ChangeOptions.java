package io.meshkit.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.meshkit.proto.v1.ChangeInfo;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every registry mutation takes: who asks and why (recorded in the audit trail), an
 * optional fence, and {@code --dry-run}.
 */
final class ChangeOptions {
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

  @Option(names = "--dry-run",
      description = "Ask the server what would change (before → after) and apply nothing.")
  boolean dryRun;

  @Mixin
  FenceOption fence;

  /** {@code --actor}, else the user from the environment, else {@value #DEFAULT_ACTOR}. */
  ChangeInfo change(Function<String, String> env) {
    return change(actor, reason, ticket, env);
  }

  /** Who asks and why: {@code actor}, else $USER, else {@value #DEFAULT_ACTOR}. */
  static ChangeInfo change(String actor, String reason, String ticket, Function<String, String> env) {
    String who = actor;
    if (who == null || who.isBlank()) {
      String user = env.apply("USER");
      who = user == null || user.isBlank() ? DEFAULT_ACTOR : user;
    }
    return ChangeInfo.newBuilder().setActor(who).setReason(reason).setChangeTicket(ticket).build();
  }

  /**
   * Sets {@code change}, {@code fence} (when given) and {@code dry_run} on a registry mutation
   * request; every one of them has these three fields, by name.
   */
  <B extends Message.Builder> B stamp(B request, Function<String, String> env) {
    Descriptor type = request.getDescriptorForType();
    request.setField(type.findFieldByName("change"), change(env));
    if (fence.fence() != null) {
      request.setField(type.findFieldByName("fence"), fence.fence());
    }
    request.setField(type.findFieldByName("dry_run"), dryRun);
    return request;
  }
}
