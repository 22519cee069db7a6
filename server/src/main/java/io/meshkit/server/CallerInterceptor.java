package io.meshkit.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.meshkit.access.rbac.AccessView;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.edge.Caller;
import io.meshkit.raft.edge.GrpcEdge;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;

/**
 * The outermost interceptor of the client API: establishes the {@link Caller} of every call and makes
 * it current for the interceptors and the service behind. A bearer token ({@code authorization:
 * Bearer mktok...}) names the caller when present — a bad one ends the call with UNAUTHENTICATED —
 * else the TLS session's verified client certificate (see {@link CertificateIdentity}), else nobody.
 */
final class CallerInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final AccessView access;

  CallerInterceptor(AccessView access) {
    this.access = access;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Caller caller;
    try {
      caller = callerOf(call, headers);
    } catch (MeshException e) {
      StatusRuntimeException refused = GrpcEdge.toStatus(e);
      call.close(refused.getStatus(), refused.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(caller.attach(Context.current()), call, headers, next);
  }

  private Caller callerOf(ServerCall<?, ?> call, Metadata headers) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String address = Addresses.text(remote);
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null) {
      return access.tokenCaller(BearerHeader.token(authorization), address);
    }
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    return CertificateIdentity.of(session, address).orElseGet(() -> Caller.anonymous(address));
  }
}
