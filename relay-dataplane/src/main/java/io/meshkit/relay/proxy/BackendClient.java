package io.meshkit.relay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests to backends over pooled HTTP/1.1 keep-alive connections: one pool per backend address,
 * at most {@code maxConnections} connections each (further requests wait for one), one request per
 * connection at a time. A connection that failed, timed out or was told {@code Connection: close} is
 * closed rather than reused. Completes with the whole response, which the caller releases.
 */
final class BackendClient implements AutoCloseable {
  private static final AttributeKey<CompletableFuture<FullHttpResponse>> PENDING = AttributeKey.valueOf("pending");

  private final Duration requestTimeout;
  private final int maxConnections;
  private final AbstractChannelPoolMap<InetSocketAddress, FixedChannelPool> pools;

  BackendClient(EventLoopGroup group, Duration connectTimeout, Duration requestTimeout, int maxConnections,
      int maxResponseBytes) {
    this.requestTimeout = requestTimeout;
    this.maxConnections = maxConnections;
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
        .option(ChannelOption.TCP_NODELAY, true);
    this.pools = new AbstractChannelPoolMap<>() {
      @Override
      protected FixedChannelPool newPool(InetSocketAddress address) {
        return new FixedChannelPool(bootstrap.clone().remoteAddress(address), new AbstractChannelPoolHandler() {
          @Override
          public void channelCreated(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxResponseBytes), new Responses());
          }
        }, maxConnections);
      }
    };
  }

  /** Sends {@code request} (whose reference this call takes) to {@code endpoint} ("host:port"). */
  CompletableFuture<FullHttpResponse> send(String endpoint, FullHttpRequest request) {
    CompletableFuture<FullHttpResponse> result = new CompletableFuture<>();
    InetSocketAddress address;
    try {
      address = address(endpoint);
    } catch (IllegalArgumentException e) {
      ReferenceCountUtil.release(request);
      return CompletableFuture.failedFuture(new RelayException(502, "backend endpoint " + endpoint
          + " is not host:port", "fix the node's endpoints: meshctl nodes update"));
    }
    FixedChannelPool pool = pools.get(address);
    pool.acquire().addListener(acquired -> {
      if (!acquired.isSuccess()) {
        ReferenceCountUtil.release(request);
        result.completeExceptionally(new RelayException(502, "cannot connect to backend " + endpoint + ": "
            + acquired.cause().getMessage(), "check the owner's data endpoint is up"));
        return;
      }
      Channel ch = (Channel) acquired.getNow();
      ch.attr(PENDING).set(result);
      ch.writeAndFlush(request).addListener(written -> {
        if (!written.isSuccess()) {
          result.completeExceptionally(new RelayException(502, "cannot send to backend " + endpoint + ": "
              + written.cause().getMessage(), "check the owner's data endpoint is up"));
        }
      });
      result.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, failure) -> {
        ch.attr(PENDING).set(null);
        if (failure != null || response == null || !HttpUtil.isKeepAlive(response)) {
          ch.close();
        }
        pool.release(ch);
      });
    });
    return result.exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
        ? new RelayException(504, "backend " + endpoint + " did not answer within " + requestTimeout.toMillis() + " ms",
            "the owner is slow or stuck; retry, or raise requestTimeout") : failure));
  }

  /** Every backend's load (those this relay has sent to). */
  java.util.List<BackendLoad> load() {
    java.util.List<BackendLoad> all = new java.util.ArrayList<>();
    pools.forEach(e -> all.add(new BackendLoad(e.getKey().getHostString() + ":" + e.getKey().getPort(),
        e.getValue().acquiredChannelCount(), 0, maxConnections, 0)));
    return all;
  }

  static InetSocketAddress address(String endpoint) {
    String hostPort = endpoint.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(endpoint);
    }
    try {
      return InetSocketAddress.createUnresolved(hostPort.substring(0, colon).replace("[", "").replace("]", ""),
          Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(endpoint, e);
    }
  }

  /** Hands each whole response to the request waiting on the connection. */
  private static final class Responses extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      CompletableFuture<FullHttpResponse> pending = ctx.channel().attr(PENDING).get();
      if (pending == null || !(msg instanceof FullHttpResponse response) || !pending.complete(response)) {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(ctx, new RelayException(502, "the backend closed the connection before answering", "retry"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(ctx, new RelayException(502, "backend connection failed: " + cause.getMessage(), "retry"));
      ctx.close();
    }

    private static void fail(ChannelHandlerContext ctx, RelayException e) {
      CompletableFuture<FullHttpResponse> pending = ctx.channel().attr(PENDING).get();
      if (pending != null) {
        pending.completeExceptionally(e);
      }
    }
  }

  @Override
  public void close() {
    pools.close();
  }
}
