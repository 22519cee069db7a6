package io.meshkit.access.policy;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.Table;
import java.util.Set;

/**
 * The transport policy's command (640): replace the one {@link TransportPolicyRecord}. Validation
 * (names, identity among encodings) happens before proposing; apply only stores the record and emits
 * it on {@link Table#ACCESS}, so every member's {@link TransportPolicyView} follows. Whether a member's
 * configuration complies is not apply's business (it would read config): the proposing member checks
 * its own, the others report theirs.
 */
public final class TransportPolicyCommandHandler implements CommandHandler {
  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.SET_TRANSPORT_POLICY);
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    TransportPolicyValidation.check(command.getSetTransportPolicy().getPolicy());
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    if (command.getCmdCase() != Command.CmdCase.SET_TRANSPORT_POLICY) {
      throw new IllegalStateException("not a transport policy command: " + command.getCmdCase());
    }
    context.put(Table.ACCESS, TransportPolicyRecord.KEY, command.getSetTransportPolicy().getPolicy().toByteArray());
    context.emit(Table.ACCESS, Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
        .setKey(ByteString.copyFrom(TransportPolicyRecord.KEY)).setModRevision(context.revision())).build());
    return CommandResult.getDefaultInstance();
  }
}
