package io.meshkit.relay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;

/**
 * Where one request to one backend travels: a channel that takes the request as HTTP objects
 * (head, contents, last content) and answers with the response the same way — or, on an HTTP/1.1
 * connection, as bytes when the exchange asks ({@link RawAnswers}) — ending in a
 * {@link BackendInbound}. Channels are made on the event loop of the client connection that asks,
 * so an exchange never crosses threads.
 */
interface BackendConnections extends AutoCloseable {
  /** What {@link #open} hands over, on the asking event loop: a channel, or why there is none. */
  interface Opened {
    void opened(Channel ch, Throwable failure);
  }

  /**
   * A channel for one request to {@code address}, handed to {@code then} on {@code loop} (at once when
   * one is ready). Called on {@code loop}.
   */
  void open(EventLoop loop, SocketAddress address, Opened then);

  /**
   * The request on {@code ch} is over. {@code reusable}: the answer was complete, both sides keep the
   * connection alive, nothing is left unread — it may serve another request; otherwise it is closed.
   * Called on {@code ch}'s event loop.
   */
  void release(Channel ch, boolean reusable);

  /** Whether {@code ch} served a request before this one. */
  boolean reused(Channel ch);

  @Override
  void close();
}
