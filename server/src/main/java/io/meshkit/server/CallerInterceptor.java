package io.meshkit.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.meshkit.raft.edge.Caller;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;

/**
 * The outermost interceptor of the client API: establishes the {@link Caller} of every call from the
 * TLS session's verified client certificate (see {@link CertificateIdentity}) and makes it current for
 * the interceptors and the service behind.
 */
final class CallerInterceptor implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Caller caller = callerOf(call);
    return Contexts.interceptCall(caller.attach(Context.current()), call, headers, next);
  }

  private static Caller callerOf(ServerCall<?, ?> call) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String address = Addresses.text(remote);
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    return CertificateIdentity.of(session, address).orElseGet(() -> Caller.anonymous(address));
  }
}
