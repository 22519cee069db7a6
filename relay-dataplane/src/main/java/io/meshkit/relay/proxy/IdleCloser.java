package io.meshkit.relay.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection on which nothing was read and nothing flushed for the idle timeout; one
 * timer per connection, re-armed for the remainder when it goes off early.
 *
 * <p>Netty's {@code IdleStateHandler} (all-idle) counts a write's completion as activity and, to hear
 * of it, swaps each write's void promise for a real one with a listener: an allocation and a
 * notification per write. Here a flush counts instead. That stands for progress because the relay
 * writes the next piece of an answer only once the previous one is written (backpressure): a client
 * that stops reading stops the flushes, and its connection is closed a timeout after the last one.
 */
final class IdleCloser extends ChannelDuplexHandler {
  private final long idleNanos;
  /** When something was last read or flushed ({@link System#nanoTime}). */
  private long lastActive;
  private ScheduledFuture<?> timer;

  IdleCloser(Duration idleTimeout) {
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx);
    ctx.fireChannelActive();
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timer == null) {
      lastActive = System.nanoTime();
      timer = ctx.executor().schedule(() -> check(ctx), idleNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isOpen()) {
      return;
    }
    long idle = System.nanoTime() - lastActive;
    if (idle >= idleNanos) {
      ctx.close();
    } else {
      timer = ctx.executor().schedule(() -> check(ctx), idleNanos - idle, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    lastActive = System.nanoTime();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    lastActive = System.nanoTime();
    ctx.flush();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    disarm();
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
