package io.meshkit.server;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The interceptors every client-facing gRPC service sits behind, in the order a call passes them:
 * identity first (so the rest can see the {@link io.meshkit.raft.edge.Caller}), then the checks that
 * may refuse the call, then metrics (which therefore count refused calls too). Around them all, a request
 * message that does not parse is refused with INVALID_ARGUMENT before any interceptor sees it
 * ({@link RequestParsing}).
 */
final class ClientEdge {
  private final List<ServerInterceptor> outermostFirst;

  /** @param outermostFirst the interceptors, the first one seeing a call first */
  ClientEdge(List<ServerInterceptor> outermostFirst) {
    this.outermostFirst = List.copyOf(outermostFirst);
  }

  /** {@code service} behind every interceptor of the edge. */
  ServerServiceDefinition wrap(BindableService service) {
    return wrap(service.bindService());
  }

  /** {@code service} behind every interceptor of the edge. */
  ServerServiceDefinition wrap(ServerServiceDefinition service) {
    // ServerInterceptors.intercept calls the last interceptor of its list first.
    List<ServerInterceptor> innermostFirst = new ArrayList<>(outermostFirst);
    Collections.reverse(innermostFirst);
    return RequestParsing.refusingUnparsable(ServerInterceptors.intercept(service, innermostFirst));
  }
}
