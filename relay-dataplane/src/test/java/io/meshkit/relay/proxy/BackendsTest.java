package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backend's slot is given back whatever way opening its connection fails, so the backend keeps its
 * capacity: here the connections throw instead of calling back (nothing in Netty's connect is known
 * to, which is why a stand-in does), and every request still gets its 502.
 */
class BackendsTest {
  private final EventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully();
  }

  /** Connections whose open throws. */
  private static final class Throwing implements BackendConnections {
    @Override
    public void open(EventLoop loop, SocketAddress address, Opened then) {
      throw new IllegalStateException("no channel for " + address);
    }

    @Override
    public void release(Channel ch, boolean reusable) {}

    @Override
    public boolean reused(Channel ch) {
      return false;
    }

    @Override
    public void close() {}
  }

  @Test
  void aConnectionThatThrowsInsteadOfCallingBackFreesItsSlotAndAnswers502() {
    Throwing throwing = new Throwing();
    Backends backends = new Backends(RelayTransport.NIO, throwing, throwing, 1, 0);
    List<RelayException> failures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      backends.acquire(loop, "127.0.0.1:9", (lease, failure) -> {
        assertNull(lease);
        failures.add(failure);
      });
    }
    assertEquals(3, failures.size(), "each request answered at once");
    for (RelayException f : failures) {
      assertEquals(502, f.status(), "a 502, not a 503 for a backend whose one slot leaked: " + f.getMessage());
      assertTrue(f.getMessage().contains("127.0.0.1:9"), f.getMessage());
    }
    assertEquals(0, backends.load().get(0).inFlight(), "no slot held");
  }
}
