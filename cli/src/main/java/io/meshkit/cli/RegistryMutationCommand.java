package io.meshkit.cli;

import com.google.protobuf.Message;
import io.meshkit.proto.v1.MutationResponse;
import picocli.CommandLine.Mixin;

/**
 * A registry command that asks for a change: it takes the {@link ChangeOptions}, sends one
 * mutation and prints what changed, before → after per target, and the revision (or, with
 * {@code --dry-run}, what would change). A lost answer leaves a real change's outcome unknown; a
 * dry run's never.
 */
abstract class RegistryMutationCommand extends ClientCommand {
  @Mixin
  ChangeOptions change;

  /** Sends the mutation, its request built with {@link #stamped}. */
  abstract MutationResponse mutate(Session session);

  /** {@code request} with the change info, fence and dry-run flag of the command line. */
  final <B extends Message.Builder> B stamped(B request, Session session) {
    return change.stamp(request, session.context().env());
  }

  @Override
  boolean writes() {
    return !change.dryRun;
  }

  @Override
  final int run(Session session) {
    RegistryViews.Mutation result = RegistryViews.Mutation.of(mutate(session));
    session.output().print(result, out -> RegistryText.mutation(out, result));
    return ExitCodes.OK;
  }
}
