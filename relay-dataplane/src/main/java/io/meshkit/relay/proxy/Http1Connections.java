package io.meshkit.relay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/1.1 keep-alive connections to backends, pooled per (event loop, backend): one request per
 * connection at a time. How many are open at once is bounded by the backend's {@link BackendLimiter},
 * not here. A pool is a stack of idle connections touched only on its event loop (no locks, no
 * promises): the most recently used is taken first, so the fewest stay warm; one that closed while
 * idle leaves its pool as it closes.
 *
 * <p>Auto-read is off for good: a connection in use is read only when the exchange asks
 * (backpressure), and one going back to its pool keeps a read pending, so that a backend closing it is
 * noticed. Turning auto-read on and off per request would cost two epoll changes each way; a read
 * pending across the return to the pool costs none.
 */
final class Http1Connections implements BackendConnections {
  private static final AttributeKey<ArrayDeque<Channel>> POOL = AttributeKey.valueOf("meshkit.relay.pool");
  private static final AttributeKey<Boolean> SERVED = AttributeKey.valueOf("meshkit.relay.served");

  private record PoolKey(EventLoop loop, SocketAddress address) {}

  private final Bootstrap bootstrap;
  private final ChannelGroup connections;
  /** Idle connections by (event loop, backend); each stack only touched on its event loop. */
  private final Map<PoolKey, ArrayDeque<Channel>> pools = new ConcurrentHashMap<>();

  /** @param connections where each connection is kept until it closes (the proxy closes them all) */
  Http1Connections(Bootstrap bootstrap, ChannelGroup connections) {
    this.bootstrap = bootstrap;
    this.connections = connections;
  }

  @Override
  public void open(EventLoop loop, SocketAddress address, Opened then) {
    ArrayDeque<Channel> pool = pools.computeIfAbsent(new PoolKey(loop, address), k -> new ArrayDeque<>());
    for (Channel idle; (idle = pool.pollLast()) != null; ) {
      if (idle.isActive()) {
        then.opened(idle, null);
        return;
      }
    }
    ChannelFuture connected = bootstrap.clone(loop).remoteAddress(address).handler(new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.add(ch);
        ch.config().setAutoRead(false);
        ch.attr(POOL).set(pool);
        ch.closeFuture().addListener(closed -> pool.remove(ch));
        ch.pipeline().addLast(new RequestEncoder());
        RawAnswers.install(ch, new RawAnswers(new RawAnswers.Objects()));
        ch.pipeline().addLast(new BackendInbound());
      }
    }).connect();
    connected.addListener(f -> then.opened(f.isSuccess() ? connected.channel() : null, f.cause()));
  }

  @Override
  public void release(Channel ch, boolean reusable) {
    BackendInbound.detach(ch);
    if (reusable && ch.isActive()) {
      ch.attr(SERVED).set(true);
      ch.read();  // usually pending already: the exchange asked when the answer's end came in
      ch.attr(POOL).get().addLast(ch);
    } else {
      ch.close();
    }
  }

  @Override
  public boolean reused(Channel ch) {
    return Boolean.TRUE.equals(ch.attr(SERVED).get());
  }

  /** Forgets the pools; the connections themselves close with the proxy's channel group. */
  @Override
  public void close() {
    pools.clear();
  }
}
