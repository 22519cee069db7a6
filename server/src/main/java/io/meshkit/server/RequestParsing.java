package io.meshkit.server;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request that does not parse as its method's message (bytes that are no protobuf, a string
 * field that is not UTF-8, a truncated message) with {@code INVALID_ARGUMENT} naming the message type and
 * what is wrong. Left to gRPC, such a request fails with {@code UNKNOWN} "Application error processing RPC"
 * and a SEVERE log entry with a stack trace per request (found by {@code FuzzIT}).
 *
 * <p>How: each method's request marshaller is wrapped so that a parse failure yields an
 * {@link Unparsable} in place of the message, and each handler so that such a placeholder closes the call
 * (neither the interceptors nor the service see it). Wraps the edge's interceptors, which may look at
 * request messages: such a refusal is therefore not in {@code meshkit.grpc.requests}.
 */
final class RequestParsing {
  private static final Logger LOG = LoggerFactory.getLogger(RequestParsing.class);

  private RequestParsing() {}

  /** {@code service} with every method's unparsable requests refused as described above. */
  static ServerServiceDefinition refusingUnparsable(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      add(out, method);
    }
    return out.build();
  }

  private static <Q, R> void add(ServerServiceDefinition.Builder out, ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    MethodDescriptor<Object, R> lenient = descriptor.toBuilder(new Lenient<>(descriptor.getRequestMarshaller()),
        descriptor.getResponseMarshaller()).build();
    out.addMethod(lenient, handler(method, requestType(descriptor)));
  }

  private static String requestType(MethodDescriptor<?, ?> descriptor) {
    return descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
        && p.getMessagePrototype() != null ? p.getMessagePrototype().getClass().getSimpleName() : "request";
  }

  private static <Q, R> ServerCallHandler<Object, R> handler(ServerMethodDefinition<Q, R> method, String type) {
    return (call, headers) -> {
      @SuppressWarnings("unchecked") // only the request side differs, and Lenient hands on nothing but Q
      ServerCall<Q, R> typed = (ServerCall<Q, R>) (ServerCall<?, R>) call;
      ServerCall.Listener<Q> delegate = method.getServerCallHandler().startCall(typed, headers);
      return new ServerCall.Listener<>() {
        private boolean refused;

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Object message) {
          if (refused) {
            return;
          }
          if (message instanceof Unparsable unparsable) {
            refused = true;
            LOG.debug("unparsable {} from {}: {}", type,
                call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR), unparsable.reason());
            StatusRuntimeException e = ErrorCodes.toException(ErrorCode.INVALID_ARGUMENT, "the request is not a "
                + "valid " + type + " message: " + unparsable.reason(), "send a " + type + " as meshkit's .proto "
                + "files define it, strings in UTF-8 (stubs generated from them do)");
            call.close(e.getStatus(), e.getTrailers());
            return;
          }
          delegate.onMessage((Q) message);
        }

        @Override
        public void onHalfClose() {
          if (!refused) {
            delegate.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          delegate.onCancel();
        }

        @Override
        public void onComplete() {
          if (!refused) {
            delegate.onComplete();
            return;
          }
          // The service saw no request; as for a cancelled call, let it release what it set up.
          try {
            delegate.onCancel();
          } catch (RuntimeException alreadyClosed) {
            // a service answering its cancelled call: the call is over, nothing to do
          }
        }

        @Override
        public void onReady() {
          if (!refused) {
            delegate.onReady();
          }
        }
      };
    };
  }

  /** A request that did not parse; {@link #reason()} says why, without exception class names. */
  record Unparsable(String reason) {}

  /** The method's marshaller, yielding an {@link Unparsable} where it would throw. */
  private record Lenient<Q>(MethodDescriptor.Marshaller<Q> delegate) implements MethodDescriptor.Marshaller<Object> {
    @Override
    @SuppressWarnings("unchecked")
    public InputStream stream(Object value) {
      return delegate.stream((Q) value);
    }

    @Override
    public Object parse(InputStream stream) {
      try {
        return delegate.parse(stream);
      } catch (StatusRuntimeException | IllegalArgumentException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = cause.getMessage() == null ? "it does not parse" : cause.getMessage();
        return new Unparsable(reason);
      }
    }
  }
}
