package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The relay's own answers: a status with a JSON body {@code {"error": what went wrong, "hint": the fix}},
 * the route headers when a route was known, and {@code Retry-After} on a 503 (the condition is
 * expected to pass: a table not yet filled, a backend saturated or down).
 */
final class ErrorAnswers {
  private ErrorAnswers() {}

  static FullHttpResponse of(RelayException e, RoutingTable table, Route route, boolean keepAlive) {
    String body = "{\"error\":" + quote(e.getMessage()) + ",\"hint\":" + quote(e.hint()) + "}\n";
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(e.status()),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    if (e.status() == 503) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
    }
    HttpUtil.setContentLength(r, r.content().readableBytes());
    HttpUtil.setKeepAlive(r, keepAlive);
    ProxyHeaders.routed(r.headers(), table, route);
    return r;
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
}
