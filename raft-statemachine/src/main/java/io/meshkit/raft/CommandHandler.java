package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import java.util.Set;

/**
 * The SPI through which a domain module plugs its replicated commands into the state machine.
 *
 * <p>Contract: {@link #apply} is deterministic. It reads only the command and the
 * {@link ApplyContext} — never a clock, random source, configuration, or the network — so every
 * replica reaches the same state and the same result. Business failures (not found, compare failed,
 * fenced) are returned as a {@link CommandResult} with an error code, or thrown as a
 * {@link CommandFailure}; any other thrown exception is an internal failure and stops the node.
 *
 * <p>Threading: {@code apply} runs on the single apply thread, in log order. {@code validate} runs on
 * RPC threads, concurrently.
 */
public interface CommandHandler {

  /** The command cases this handler owns; each case has exactly one owner. */
  Set<Command.CmdCase> commands();

  /**
   * Stateless checks before a command enters the log (sizes, required fields). Runs on the node that
   * received the request and again on the leader.
   *
   * @throws CommandRejectedException when the command must not be proposed
   */
  default void validate(Command command, CommandLimits limits) throws CommandRejectedException {}

  /** Applies the command; see the class contract. */
  CommandResult apply(ApplyContext context, Command command);
}
