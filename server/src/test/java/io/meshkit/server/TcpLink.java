package io.meshkit.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network link between two clusters on loopback, that a test can partition: a TCP forwarder from a
 * local port to {@code target}. {@link #partition()} stops it carrying anything either way — bytes
 * already sent wait in the socket buffers, senders block once those are full, new connections are
 * accepted but not carried on — as a network that drops packets without resetting anything would;
 * {@link #heal()} lets everything flow again, delayed but not lost (as TCP retransmits after a
 * partition). Nothing is dropped or reordered, so the protocols on top see a slow network, not a
 * broken one.
 */
final class TcpLink implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean flowing = true;
  private volatile boolean closed;

  private TcpLink(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** A link to {@code hostPort} ("host:port") on a free local port. */
  static TcpLink to(String hostPort) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    TcpLink link = new TcpLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    Thread acceptor = new Thread(link::accept, "tcp-link-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return link;
  }

  /** "127.0.0.1:port": where the other side should connect instead of the target. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  void partition() {
    flowing = false;
  }

  void heal() {
    synchronized (gate) {
      flowing = true;
      gate.notifyAll();
    }
  }

  private void awaitFlowing() throws InterruptedException {
    synchronized (gate) {
      while (!flowing && !closed) {
        gate.wait(100);
      }
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket in = server.accept();
        sockets.add(in);
        Thread t = new Thread(() -> connect(in), "tcp-link-connect");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;  // closed
      }
    }
  }

  /** Once the link flows, connects to the target and carries both ways. */
  private void connect(Socket in) {
    try {
      awaitFlowing();
      Socket out = new Socket(target.getAddress(), target.getPort());
      sockets.add(out);
      pump(in, out);
      pump(out, in);
    } catch (IOException | InterruptedException e) {
      closeQuietly(in);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
        while (true) {
          awaitFlowing();  // partitioned: nothing is read, so the sender's buffers fill
          int n = input.read(buffer);
          if (n < 0) {
            break;
          }
          awaitFlowing();  // what was read while it was cut goes on only after the heal
          output.write(buffer, 0, n);
          output.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    heal();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.forEach(TcpLink::closeQuietly);
  }
}
