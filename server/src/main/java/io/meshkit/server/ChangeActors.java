package io.meshkit.server;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.raft.edge.Caller;

/**
 * The audit actor of a change is the caller the edge identified, not what the client wrote: a request
 * carrying a {@link ChangeInfo} (or a bare one, as some REST routes take) from an identified caller
 * gets {@code actor} = the caller's name. Anonymous callers' actors stay as the client sent them.
 */
final class ChangeActors {
  private ChangeActors() {}

  /** Sets the actor in {@code request} (a builder); whether it changed anything. */
  static boolean stamp(Message.Builder request, Caller caller) {
    if (!caller.identified()) {
      return false;
    }
    if (request instanceof ChangeInfo.Builder change) {
      boolean differs = !change.getActor().equals(caller.name());
      change.setActor(caller.name());
      return differs;
    }
    FieldDescriptor field = request.getDescriptorForType().findFieldByName("change");
    if (field == null || field.getType() != FieldDescriptor.Type.MESSAGE
        || !field.getMessageType().equals(ChangeInfo.getDescriptor())) {
      return false;
    }
    ChangeInfo change = (ChangeInfo) request.getField(field);
    if (change.getActor().equals(caller.name())) {
      return false;
    }
    request.setField(field, change.toBuilder().setActor(caller.name()).build());
    return true;
  }
}
