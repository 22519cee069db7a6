package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class RelayTransportTest {
  @Test
  void autoTakesEpollWhereItLoadsAndNioElsewhere() {
    assertEquals(RelayTransport.EPOLL, RelayTransport.choose("auto", true, null));
    assertEquals(RelayTransport.NIO, RelayTransport.choose("auto", false, new UnsatisfiedLinkError("no lib")));
    assertEquals(RelayTransport.NIO, RelayTransport.choose(" NIO ", true, null));
    assertEquals(RelayTransport.EPOLL, RelayTransport.choose("epoll", true, null));
  }

  @Test
  void epollAskedForWhereItCannotLoadFailsSayingWhyAndWhatToDo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RelayTransport.choose("epoll", false, new UnsatisfiedLinkError("libnetty_transport_native_epoll")));
    assertTrue(e.getMessage().contains("libnetty_transport_native_epoll"), e.getMessage());
    assertTrue(e.getMessage().contains("hint:"), e.getMessage());
  }

  @Test
  void anUnknownTransportIsRefusedWithTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RelayTransport.choose("kqueue", true, null));
    assertTrue(e.getMessage().contains("auto (the default), epoll, io_uring or nio"), e.getMessage());
  }

  @Test
  void theInProcessTransportNamesChannelsAndIsNeverChosenByTheProperty() {
    java.net.InetSocketAddress hostPort = Backends.address("http://backend:7");
    assertEquals(new io.netty.channel.local.LocalAddress("backend:7"), RelayTransport.LOCAL.address(hostPort));
    assertEquals(hostPort, RelayTransport.NIO.address(hostPort));
    assertTrue(RelayTransport.NIO.sockets() && !RelayTransport.LOCAL.sockets());
    assertThrows(IllegalArgumentException.class, () -> RelayTransport.choose("local", true, null));
  }

  @Test
  void ioUringIsOnlyTakenWhenAskedFor() {
    if (io.netty.channel.uring.IoUring.isAvailable()) {
      assertEquals(RelayTransport.IO_URING, RelayTransport.choose("io_uring", true, null));
    } else {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RelayTransport.choose("io_uring", true, null));
      assertTrue(e.getMessage().contains("hint:"), e.getMessage());
    }
  }

  /** The native library ships for linux-x86_64: on this project's machines it must load, or the relay runs on NIO unnoticed. */
  @Test
  void theNativeTransportLoadsOnLinuxX8664() {
    if ("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"))) {
      assertTrue(Epoll.isAvailable(), () -> "epoll does not load: " + Epoll.unavailabilityCause());
    }
  }
}
