package io.meshkit.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.meshkit.access.rbac.Authorizer;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.edge.Caller;
import java.io.IOException;
import java.util.Map;

/**
 * Access control at the admin server's REST edge, the way {@link CallerInterceptor} and
 * {@link AuthorizationInterceptor} do it for gRPC: the caller from an {@code Authorization: Bearer}
 * header or the HTTPS client certificate, the route's needs from {@link RestRequirements}, refusals as
 * 401/403 with an {@code ErrorDetail} body. The caller is left on the exchange ({@link #caller}) for
 * the audit actor of the request's change. Health, readiness and metrics are not filtered.
 */
final class RestAccess extends Filter {
  private static final String CALLER = "meshkit.caller";

  private final Authorizer authorizer;

  RestAccess(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** The caller the filter established for {@code ex}, or anonymous. */
  static Caller caller(HttpExchange ex) {
    Object caller = ex.getAttribute(CALLER);
    return caller instanceof Caller c ? c : Caller.anonymous(Addresses.text(ex.getRemoteAddress()));
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
    try {
      Caller caller = callerOf(ex);
      ex.setAttribute(CALLER, caller);
      Map<String, String> query = RestRequests.query(ex.getRequestURI().getRawQuery());
      authorizer.check(caller, route, RestRequirements.of(ex.getRequestMethod(),
          RestRequests.segments(ex.getRequestURI().getRawPath()), query));
    } catch (MeshException e) {
      RestRequests.fail(ex, e);
      return;
    }
    chain.doFilter(ex);
  }

  private Caller callerOf(HttpExchange ex) {
    String address = Addresses.text(ex.getRemoteAddress());
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      return authorizer.view().tokenCaller(BearerHeader.token(authorization), address);
    }
    if (ex instanceof HttpsExchange https) {
      return CertificateIdentity.of(https.getSSLSession(), address).orElseGet(() -> Caller.anonymous(address));
    }
    return Caller.anonymous(address);
  }

  @Override
  public String description() {
    return "MeshKit access control";
  }
}
