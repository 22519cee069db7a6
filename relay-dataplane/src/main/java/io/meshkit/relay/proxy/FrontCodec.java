package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;

/**
 * HTTP/1.1 towards a client: Netty's request decoder and answer encoder, paired as {@code HttpServerCodec}
 * pairs them (each answer is matched with its request, in order, so that one to a HEAD has no body),
 * plus a way round the encoder: a {@link RawHead} and the {@link ByteBuf}s after it are an
 * answer relayed as bytes ({@link ProxyHeaders#incoming(AnswerHead, io.netty.buffer.ByteBufAllocator,
 * io.meshkit.relay.routing.RoutingTable, io.meshkit.relay.routing.Route, boolean, boolean)}) and go to the
 * socket as they are. {@code HttpServerCodec} is final and its pairing private, so an answer that skipped
 * its encoder would leave its request's place in the pairing behind.
 */
final class FrontCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder>
    implements HttpServerUpgradeHandler.SourceCodec {
  /** Per decoded request not yet answered, in order: whether it is a HEAD. */
  private final ArrayDeque<Boolean> toHead = new ArrayDeque<>(4);

  FrontCodec(HttpDecoderConfig config) {
    init(new Requests(config), new Answers());
  }

  /** An h2c upgrade: HTTP/1.1 is over on this connection. */
  @Override
  public void upgradeFrom(ChannelHandlerContext ctx) {
    ctx.pipeline().remove(this);
  }

  private final class Requests extends HttpRequestDecoder {
    Requests(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      for (int i = before; i < out.size(); i++) {
        if (out.get(i) instanceof HttpRequest request) {
          toHead.add(HttpMethod.HEAD.equals(request.method()));
        }
      }
    }
  }

  private final class Answers extends HttpResponseEncoder {
    /** The answer being written went round the encoder. */
    private boolean raw;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      if (msg instanceof RawHead head) {
        raw = true;
        toHead.poll();
        ctx.write(head.content(), promise);
      } else if (raw && msg instanceof ByteBuf) {
        ctx.write(msg, promise);
      } else {
        if (msg instanceof HttpResponse) {
          raw = false;
        }
        super.write(ctx, msg, promise);
      }
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return super.isContentAlwaysEmpty(msg); // interim: no request of its own
      }
      return Boolean.TRUE.equals(toHead.poll()) || super.isContentAlwaysEmpty(msg);
    }
  }
}
