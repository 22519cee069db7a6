package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class RelayTransportTest {
  private static final RelayTransport.Support LOADS = new RelayTransport.Support(true, null);
  private static final RelayTransport.Support SECCOMP =
      new RelayTransport.Support(false, new UnsupportedOperationException("io_uring_setup: Operation not permitted"));
  private static final RelayTransport.Support NO_LIBRARY =
      new RelayTransport.Support(false, new UnsatisfiedLinkError("libnetty_transport_native_epoll"));

  @Test
  void autoTakesIoUringThenEpollThenNio() {
    assertEquals(RelayTransport.IO_URING, RelayTransport.choose("auto", LOADS, LOADS));
    assertEquals(RelayTransport.EPOLL, RelayTransport.choose("auto", SECCOMP, LOADS));
    assertEquals(RelayTransport.NIO, RelayTransport.choose("auto", SECCOMP, NO_LIBRARY));
  }

  @Test
  void aNamedTransportIsTakenEvenWhereAFasterOneLoads() {
    assertEquals(RelayTransport.EPOLL, RelayTransport.choose("epoll", LOADS, LOADS));
    assertEquals(RelayTransport.NIO, RelayTransport.choose(" NIO ", LOADS, LOADS));
    assertEquals(RelayTransport.IO_URING, RelayTransport.choose("IO_URING", LOADS, NO_LIBRARY));
  }

  @Test
  void aNativeTransportAskedForWhereItCannotLoadFailsSayingWhyAndWhatToDo() {
    IllegalArgumentException epoll = assertThrows(IllegalArgumentException.class,
        () -> RelayTransport.choose("epoll", LOADS, NO_LIBRARY));
    assertTrue(epoll.getMessage().contains("libnetty_transport_native_epoll"), epoll.getMessage());
    assertTrue(epoll.getMessage().contains("hint: leave the property out (auto) or set it to nio"), epoll.getMessage());
    IllegalArgumentException ioUring = assertThrows(IllegalArgumentException.class,
        () -> RelayTransport.choose("io_uring", SECCOMP, LOADS));
    assertTrue(ioUring.getMessage().contains("io_uring_setup: Operation not permitted"), ioUring.getMessage());
    assertTrue(ioUring.getMessage().contains("set it to epoll or nio"), ioUring.getMessage());
  }

  @Test
  void anUnknownTransportIsRefusedWithTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RelayTransport.choose("kqueue", LOADS, LOADS));
    assertTrue(e.getMessage().contains("auto (the default), io_uring, epoll or nio"), e.getMessage());
  }

  @Test
  void theInProcessTransportNamesChannelsAndIsNeverChosenByTheProperty() {
    java.net.InetSocketAddress hostPort = Backends.address("http://backend:7");
    assertEquals(new io.netty.channel.local.LocalAddress("backend:7"), RelayTransport.LOCAL.address(hostPort));
    assertEquals(hostPort, RelayTransport.NIO.address(hostPort));
    assertTrue(RelayTransport.NIO.sockets() && !RelayTransport.LOCAL.sockets());
    assertThrows(IllegalArgumentException.class, () -> RelayTransport.choose("local", LOADS, LOADS));
  }

  /** What auto takes on this machine is what Netty's probes allow: io_uring when a ring can be set up. */
  @Test
  void chosenFollowsNettysProbes() {
    RelayTransport expected = io.netty.channel.uring.IoUring.isAvailable() ? RelayTransport.IO_URING
        : Epoll.isAvailable() ? RelayTransport.EPOLL : RelayTransport.NIO;
    assertEquals(expected, RelayTransport.chosen());
  }

  /** The native library ships for linux-x86_64: on this project's machines it must load, or the relay runs on NIO unnoticed. */
  @Test
  void theNativeTransportLoadsOnLinuxX8664() {
    if ("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"))) {
      assertTrue(Epoll.isAvailable(), () -> "epoll does not load: " + Epoll.unavailabilityCause());
    }
  }
}
