package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * HTTP/1.1 towards a client: requests read as bytes where they are plain ({@link RequestHead}), else by
 * Netty's request decoder; answers written by Netty's encoder, paired with their requests as
 * {@code HttpServerCodec} pairs them (each answer is matched with its request, in order, so that one to a
 * HEAD has no body), plus a way round the encoder: a {@link RawHead} and the {@link ByteBuf}s after it are an
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

  /**
   * Requests read as bytes where they can be: a plain head ({@link RequestHead#parse}) becomes a
   * {@link RequestHead}, followed by its body as {@link HttpContent} pieces (slices of what the socket
   * read), the last a {@link LastHttpContent} — the same framing Netty's decoder gives it. A request that
   * is not plain goes to Netty's decoder from its first byte, and once that decoder has ended it (a
   * {@link LastHttpContent} that decoded well), the next one is read as bytes again; after one it could
   * not decode, it keeps everything (it answers nothing more on that connection).
   */
  private final class Requests extends HttpRequestDecoder {
    /** Reading requests as bytes (else the decoder reads the one in progress). */
    private boolean asBytes = true;
    /** Bytes of the body of a request read as bytes still to come; -1 while none is in progress. */
    private long bodyLeft = -1;
    /** Bytes from the reader index known not to end the head being looked for. */
    private int headScanned;

    Requests(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
      int before = out.size();
      if (asBytes) {
        decodeBytes(buffer, out);
      }
      if (!asBytes) {
        super.decode(ctx, buffer, out);
        asBytes = out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent last
            && last.decoderResult().isSuccess();
      }
      for (int i = before; i < out.size(); i++) {
        Object decoded = out.get(i);
        if (decoded instanceof RequestHead head) {
          toHead.add(head.method() == HttpMethod.HEAD);
        } else if (decoded instanceof HttpRequest request) {
          toHead.add(HttpMethod.HEAD.equals(request.method()));
        }
      }
    }

    /** A head (when all of it is here) and what of its body is; or, for a head that is not plain, nothing and {@code asBytes} off. */
    private void decodeBytes(ByteBuf in, List<Object> out) {
      if (bodyLeft >= 0) {
        body(in, out);
        return;
      }
      int from = in.readerIndex();
      int end = in.writerIndex();
      for (int lineStart = from + headScanned; ; ) {
        int lf = in.indexOf(lineStart, end, HeadBytes.LF);
        if (lf < 0) {
          if (end - from > RequestHead.MAX_HEAD_BYTES) {
            headScanned = 0;
            asBytes = false; // the decoder answers 414 or 431
          } else {
            headScanned = lineStart - from;
          }
          return;
        }
        boolean blank = lf == lineStart + 1 && in.getByte(lineStart) == HeadBytes.CR;
        lineStart = lf + 1;
        if (blank) {
          headScanned = 0;
          RequestHead head = lineStart - from <= RequestHead.MAX_HEAD_BYTES
              ? RequestHead.parse(in, from, lineStart - from) : null;
          if (head == null) {
            asBytes = false;
            return;
          }
          in.readerIndex(lineStart);
          out.add(head);
          if (head.contentLength() > 0) {
            bodyLeft = head.contentLength();
            body(in, out);
          } else {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
          }
          return;
        }
      }
    }

    /** What is here of the body in progress, as one piece; the last piece ends it. */
    private void body(ByteBuf in, List<Object> out) {
      int n = (int) Math.min(bodyLeft, in.readableBytes());
      if (n == 0) {
        return;
      }
      bodyLeft -= n;
      ByteBuf piece = in.readRetainedSlice(n);
      if (bodyLeft == 0) {
        bodyLeft = -1;
        out.add(new DefaultLastHttpContent(piece));
      } else {
        out.add(new DefaultHttpContent(piece));
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
