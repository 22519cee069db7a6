package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingFollower;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One client connection: each request is routed by the routing table of that moment to its shard
 * owner's first data endpoint and the answer relayed back, with {@code x-meshkit-route-revision}
 * (the table's revision) and {@code x-meshkit-shard} (namespace/shard) added. Requests on a
 * connection are served one at a time, in order (the connection is not read while one is in flight).
 *
 * <p>Ownership handoff: a backend answering {@code 421 Misdirected Request} is no longer the owner as
 * it sees it; the relay takes a fresh linearizable snapshot of the routing and sends the request once
 * more, to the owner the new table names. A second 421 is relayed to the client.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
  static final String ROUTE_REVISION = "x-meshkit-route-revision";
  static final String SHARD = "x-meshkit-shard";
  /** Hop-by-hop headers (RFC 9110 7.6.1): never forwarded. */
  private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
      HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
      HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);

  private final RouteRules rules;
  private final RoutingFollower routing;
  private final BackendClient backends;
  private final RelayMetrics metrics;

  RelayHandler(RouteRules rules, RoutingFollower routing, BackendClient backends, RelayMetrics metrics) {
    this.rules = rules;
    this.routing = routing;
    this.backends = backends;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    RoutingTable table = routing.current();
    try {
      RouteRules.Target target = rules.target(request);
      forward(ctx, request, target, table, keepAlive, false);
    } catch (RelayException e) {
      request.release();
      answer(ctx, error(e, table, null), keepAlive);
    }
  }

  private void forward(ChannelHandlerContext ctx, FullHttpRequest request, RouteRules.Target target,
      RoutingTable table, boolean keepAlive, boolean retried) {
    Route route = table.route(target.namespace(), target.key()).orElse(null);
    if (route == null || route.owner().getEndpointsCount() == 0) {
      request.release();
      answer(ctx, error(new RelayException(503, route == null ? "namespace " + target.namespace()
          + " has no route for this key at revision " + table.revision() : "the owner " + route.owner().getId()
          + " has no data endpoint", "check the namespace and its shards: meshctl shards resolve "
          + target.namespace() + " KEY"), table, route), keepAlive);
      return;
    }
    String endpoint = route.owner().getEndpoints(0);
    FullHttpRequest out = request.retainedDuplicate();
    outgoing(out.headers(), ctx);
    long started = System.nanoTime();
    backends.send(endpoint, out).whenComplete((response, failure) -> ctx.executor().execute(() -> {
      if (failure != null) {
        request.release();
        RelayException e = failure instanceof RelayException r ? r : new RelayException(502, failure.toString(), "retry");
        metrics.answered(target.namespace(), endpoint, e.status(), System.nanoTime() - started);
        answer(ctx, error(e, table, route), keepAlive);
        return;
      }
      if (response.status().code() == HttpResponseStatus.MISDIRECTED_REQUEST.code() && !retried) {
        response.release();
        metrics.misdirected(target.namespace());
        routing.refresh().whenComplete((fresh, refreshFailure) -> ctx.executor().execute(() ->
            forward(ctx, request, target, refreshFailure == null ? fresh : routing.current(), keepAlive, true)));
        return;
      }
      request.release();
      metrics.answered(target.namespace(), endpoint, response.status().code(), System.nanoTime() - started);
      HOP_BY_HOP.forEach(response.headers()::remove);
      answer(ctx, routed(response, table, route), keepAlive);
    }));
  }

  /** Drops hop-by-hop headers and says who forwarded it (x-forwarded-for, -host, -proto). */
  private static void outgoing(HttpHeaders headers, ChannelHandlerContext ctx) {
    HOP_BY_HOP.forEach(headers::remove);
    String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    String forwarded = headers.get("x-forwarded-for");
    headers.set("x-forwarded-for", forwarded == null ? client : forwarded + ", " + client);
    if (!headers.contains("x-forwarded-host") && headers.contains(HttpHeaderNames.HOST)) {
      headers.set("x-forwarded-host", headers.get(HttpHeaderNames.HOST));
    }
    if (!headers.contains("x-forwarded-proto")) {
      headers.set("x-forwarded-proto", "http");
    }
  }

  private static FullHttpResponse routed(FullHttpResponse response, RoutingTable table, Route route) {
    response.headers().set(ROUTE_REVISION, Long.toString(table.revision()));
    if (route != null) {
      response.headers().set(SHARD, route.namespace() + "/" + route.shardId());
    }
    return response;
  }

  private static FullHttpResponse error(RelayException e, RoutingTable table, Route route) {
    String body = "{\"error\":" + quote(e.getMessage()) + ",\"hint\":" + quote(e.hint()) + "}\n";
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(e.status()),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    if (e.status() == 503) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    return routed(r, table, route);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c < 0x20 ? ' ' : c);
      }
    }
    return b.append('"').toString();
  }

  /** Writes the answer; then reads the next request (keep-alive) or closes. */
  private static void answer(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
      if (!keepAlive || !f.isSuccess()) {
        ctx.close();
      } else {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
