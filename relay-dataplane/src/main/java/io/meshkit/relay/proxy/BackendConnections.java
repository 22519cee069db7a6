package io.meshkit.relay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * Where one request to one backend travels: a channel that takes the request as HTTP objects
 * (head, contents, last content) and answers with the response the same way, ending in a
 * {@link BackendInbound}. Channels are made on the event loop of the client connection that asks,
 * so an exchange never crosses threads.
 */
interface BackendConnections extends AutoCloseable {
  /** A channel for one request to {@code address}, on {@code loop}. */
  Future<Channel> open(EventLoop loop, InetSocketAddress address);

  /**
   * The request on {@code ch} is over. {@code reusable}: the answer was complete, both sides keep the
   * connection alive, nothing is left unread — it may serve another request; otherwise it is closed.
   */
  void release(Channel ch, boolean reusable);

  /** Whether {@code ch} served a request before this one. */
  boolean reused(Channel ch);

  @Override
  void close();
}
