package io.meshkit.raft;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.ErrorCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes each command to the one {@link CommandHandler} that owns its case: the domain handlers given
 * plus the state machine's own (compaction, read barriers, hash markers). Built once at startup; immutable
 * afterwards, so it is safe from any thread.
 */
public final class CommandDispatcher {
  private final Map<Command.CmdCase, CommandHandler> owners = new EnumMap<>(Command.CmdCase.class);
  private final CommandLimits limits;
  private final FenceAuthority fences;

  public CommandDispatcher(List<CommandHandler> handlers, CommandLimits limits) {
    this.limits = limits;
    List<FenceAuthority> authorities = handlers.stream().filter(FenceAuthority.class::isInstance)
        .map(FenceAuthority.class::cast).toList();
    if (authorities.size() > 1) {
      throw new IllegalArgumentException("more than one handler decides fences: " + authorities);
    }
    this.fences = authorities.isEmpty() ? null : authorities.get(0);
    List<CommandHandler> all = new java.util.ArrayList<>(handlers);
    all.add(new CompactionHandler());
    all.add(new ReadBarrierHandler());
    for (CommandHandler handler : all) {
      for (Command.CmdCase c : handler.commands()) {
        CommandHandler previous = owners.putIfAbsent(c, handler);
        if (previous != null) {
          throw new IllegalArgumentException("command " + c + " claimed by both "
              + previous.getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
        }
      }
    }
  }

  public CommandLimits limits() {
    return limits;
  }

  /** Leader- and edge-side checks; see {@link CommandHandler#validate}. */
  public void validate(Command command) throws CommandRejectedException {
    int size = command.getSerializedSize();
    if (size > limits.maxCommandBytes()) {
      throw new CommandRejectedException(ErrorCode.REQUEST_TOO_LARGE,
          "request is " + size + " bytes, above the limit of " + limits.maxCommandBytes() + " bytes",
          "split it into smaller requests");
    }
    if (command.hasFence() && (command.getFence().getScope().isEmpty() || command.getFence().getToken() <= 0)) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT,
          "a fence needs a scope and a positive token", "pass the token a Campaign returned for that scope");
    }
    ownerOf(command).validate(command, limits);
  }

  /**
   * Applies one command. An unknown case is an internal failure (a newer node wrote an entry this
   * binary does not understand): it throws and the node stops rather than skip the entry.
   */
  public CommandResult apply(ApplyContext context, Command command) {
    ProposalLog.prune(context);
    ByteString proposal = command.getProposalId();
    if (!proposal.isEmpty()) {
      Optional<CommandResult> earlier = ProposalLog.recorded(context, proposal);
      if (earlier.isPresent()) {
        return earlier.get();  // a resent copy of an applied proposal: changes nothing
      }
    }
    CommandResult result = dispatch(context, command);
    if (!proposal.isEmpty() && result.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED) {
      ProposalLog.record(context, proposal, result);  // discarded with the entry's writes if it failed
    }
    return result;
  }

  private CommandResult dispatch(ApplyContext context, Command command) {
    CommandHandler owner = ownerOf(command);
    if (command.hasFence()) {
      Optional<String> violation = fences == null
          ? Optional.of("this cluster has no elections") : fences.violation(context, command.getFence());
      if (violation.isPresent()) {
        return CommandResult.newBuilder().setCode(ErrorCode.FENCED)
            .setMessage(violation.get()).build();
      }
    }
    try {
      return owner.apply(context, command);
    } catch (CommandFailure failure) {
      // A business failure: the applier discards the entry's writes; every replica fails alike.
      return CommandResult.newBuilder().setCode(failure.code()).setMessage(failure.getMessage()).build();
    }
  }

  private CommandHandler ownerOf(Command command) {
    CommandHandler handler = owners.get(command.getCmdCase());
    if (handler == null) {
      throw new StoreException("no handler for command " + command.getCmdCase()
          + "; is this node older than the one that wrote the entry?");
    }
    return handler;
  }
}
