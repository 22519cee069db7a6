package io.meshkit.relay.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Netty's request encoder for an HTTP/1.1 backend connection, with a way round it: after a
 * {@link RawHead} (a request head already in bytes, whose body is empty or has a {@code Content-Length})
 * the body's contents go on as their bytes, up to the last; a request head as an object is encoded as
 * Netty encodes it.
 */
final class RequestEncoder extends HttpRequestEncoder {
  /** The request being written went round the encoder. */
  private boolean raw;

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof RawHead head) {
      raw = true;
      ctx.write(head.content(), promise);
    } else if (raw && msg instanceof HttpContent content) {
      raw = !(msg instanceof LastHttpContent);
      ctx.write(content.content(), promise);
    } else {
      if (msg instanceof HttpRequest) {
        raw = false;
      }
      super.write(ctx, msg, promise);
    }
  }
}
