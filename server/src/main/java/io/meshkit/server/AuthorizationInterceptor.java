package io.meshkit.server;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.meshkit.access.rbac.Authorizer;
import io.meshkit.access.rbac.CallRequirements;
import io.meshkit.access.rbac.Requirement;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.edge.Caller;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.List;
import java.util.Optional;

/**
 * Checks every request message of every client call against the caller's roles (see
 * {@link Authorizer} and {@link CallRequirements}) before the service sees it — each message of a
 * stream too, so a watch stream cannot open a range its caller may not read. A refused call is closed
 * with the refusal; nothing of it reaches the service.
 *
 * <p>It also stamps the audit actor ({@link ChangeActors}).
 */
final class AuthorizationInterceptor implements ServerInterceptor {
  private final Authorizer authorizer;

  AuthorizationInterceptor(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Caller caller = Caller.current();
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        if (authorizer.enforcing()) {
          try {
            Optional<List<Requirement>> needed = CallRequirements.of(method, (Message) message);
            if (needed.isEmpty()) {
              authorizer.refuseUnknown(caller, method);
            } else {
              authorizer.check(caller, method, needed.get());
            }
          } catch (MeshException e) {
            refused = true;
            StatusRuntimeException status = GrpcEdge.toStatus(e);
            call.close(status.getStatus(), status.getTrailers());
            return;
          }
        }
        super.onMessage(stampActor(message, caller));
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }

  /** {@code message} with its {@code change.actor} set to the caller's name when the caller is identified. */
  @SuppressWarnings("unchecked")
  private static <Q> Q stampActor(Q message, Caller caller) {
    if (!(message instanceof Message m) || !caller.identified()) {
      return message;
    }
    Message.Builder b = m.toBuilder();
    return ChangeActors.stamp(b, caller) ? (Q) b.build() : message;
  }
}
