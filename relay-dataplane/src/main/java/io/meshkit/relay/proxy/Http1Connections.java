package io.meshkit.relay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/1.1 keep-alive connections to backends, pooled per (event loop, backend): one request per
 * connection at a time. How many are open at once is bounded by the backend's {@link BackendLimiter},
 * not here. Auto-read is off for good: a connection in use is read only when the exchange asks
 * (backpressure), and one going back to its pool keeps a read pending, so that a backend closing it is
 * noticed and the pool drops it. Turning auto-read on and off per request would cost two epoll changes
 * each way; a read pending across the return to the pool costs none.
 */
final class Http1Connections implements BackendConnections {
  private static final AttributeKey<SimpleChannelPool> POOL = AttributeKey.valueOf("meshkit.relay.pool");
  private static final AttributeKey<Boolean> SERVED = AttributeKey.valueOf("meshkit.relay.served");

  private record PoolKey(EventLoop loop, InetSocketAddress address) {}

  private final Bootstrap bootstrap;
  private final ChannelGroup connections;
  private final Map<PoolKey, SimpleChannelPool> pools = new ConcurrentHashMap<>();

  Http1Connections(Bootstrap bootstrap, ChannelGroup connections) {
    this.bootstrap = bootstrap;
    this.connections = connections;
  }

  @Override
  public Future<Channel> open(EventLoop loop, InetSocketAddress address) {
    SimpleChannelPool pool = pools.computeIfAbsent(new PoolKey(loop, address), k -> new SimpleChannelPool(
        bootstrap.clone(loop).remoteAddress(address), new AbstractChannelPoolHandler() {
          @Override
          public void channelCreated(Channel ch) {
            connections.add(ch);
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(new HttpClientCodec(), new BackendInbound());
          }
        }, ChannelHealthChecker.ACTIVE, true, true));
    return pool.acquire().addListener(f -> {
      if (f.isSuccess()) {
        ((Channel) f.getNow()).attr(POOL).set(pool);
      }
    });
  }

  @Override
  public void release(Channel ch, boolean reusable) {
    BackendInbound.detach(ch);
    if (reusable && ch.isActive()) {
      ch.attr(SERVED).set(true);
      ch.read();  // usually pending already: the exchange asked when the answer's end came in
    } else {
      ch.close();
    }
    ch.attr(POOL).get().release(ch);
  }

  @Override
  public boolean reused(Channel ch) {
    return Boolean.TRUE.equals(ch.attr(SERVED).get());
  }

  @Override
  public void close() {
    pools.values().forEach(SimpleChannelPool::close);
  }
}
