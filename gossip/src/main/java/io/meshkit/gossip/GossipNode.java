package io.meshkit.gossip;

import io.meshkit.proto.gossip.v1.Envelope;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gossip member on UDP: {@link SwimProtocol} driven by the wall clock on one thread, datagrams
 * through a Netty channel, optionally sealed with AES-GCM ({@link EnvelopeCodec}). Everything the
 * protocol does runs on the node's single protocol thread; {@link #members()} is a snapshot
 * published after each membership change (and refreshed every 100 ms for RTTs), safe from any thread.
 */
public final class GossipNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GossipNode.class);
  private static final long TICK_MS = 20;
  private static final long SNAPSHOT_MS = 100;

  private final String address;
  private final EnvelopeCodec codec;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      (java.util.concurrent.ThreadFactory) r -> daemon(r, "meshkit-gossip-io"), NioIoHandler.newFactory());
  private final ScheduledExecutorService protocolThread =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "meshkit-gossip"));
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.DoubleConsumer> rttObservers = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final Channel channel;
  private final SwimProtocol protocol;
  private volatile List<MemberView> snapshot = List.of();
  /** Fault injection: the share of outgoing datagrams silently dropped (0 in production). */
  private volatile double outboundLoss;
  /** Protocol thread only. */
  private boolean changed = true;
  private long snapshotAt;
  private volatile GossipStats stats = new GossipStats(0, 0, 0, 0, 0, 0);
  private volatile int awareness;

  /**
   * Binds {@code bindAddress} (host:port; port 0 picks one) and joins through {@code seeds}.
   *
   * @param advertised the address other members reach this one at (host:port); null = the bound one
   */
  public static GossipNode start(GossipConfig config, String cluster, String id, String bindAddress, String advertised,
      List<String> seeds, byte[] key) throws InterruptedException {
    return new GossipNode(config, cluster, id, bindAddress, advertised, seeds, key);
  }

  private GossipNode(GossipConfig config, String cluster, String id, String bindAddress, String advertised,
      List<String> seeds, byte[] key) throws InterruptedException {
    this.codec = new EnvelopeCodec(key, cluster);
    this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, 1 << 20)
        // Netty reads datagrams into 2 KiB buffers by default and truncates larger ones: a full-state
        // sync of ~50 members or more then failed to decode and a joining member stayed alone.
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(EnvelopeCodec.MAX_DATAGRAM_BYTES))
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            bytesReceived.addAndGet(bytes.length);
            codec.decode(bytes).ifPresentOrElse(env -> onProtocolThread(() -> step(p -> p.receive(env, now()))),
                dropped::incrementAndGet);
          }
        }).bind(parse(bindAddress)).sync().channel();
    InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
    this.address = advertised != null ? advertised : bound.getHostString() + ":" + bound.getPort();
    this.protocol = new SwimProtocol(config, cluster, id, address, this::send, new Random(),
        (before, after) -> {
          changed = true;
          listeners.forEach(l -> l.changed(before, after));
        });
    protocol.onRtt(rtt -> rttObservers.forEach(o -> o.accept(rtt)));
    protocolThread.execute(() -> step(p -> p.start(seeds, now())));
    protocolThread.scheduleWithFixedDelay(() -> step(p -> p.tick(now())), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the protocol thread; dropped once the node is closed. */
  private void onProtocolThread(Runnable task) {
    try {
      protocolThread.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: the datagram arrived after close()
    }
  }

  private void step(java.util.function.Consumer<SwimProtocol> action) {
    try {
      action.accept(protocol);
    } catch (RuntimeException e) {
      LOG.warn("gossip step failed: {}", e.toString(), e);
    }
    // The snapshot is rebuilt on every membership change and otherwise at most every SNAPSHOT_MS
    // (RTTs move with every ack): O(members) per rebuild, so not on every datagram of a large cluster.
    long now = now();
    if (changed || now - snapshotAt >= SNAPSHOT_MS) {
      changed = false;
      snapshotAt = now;
      snapshot = List.copyOf(protocol.members(now));
      stats = protocol.stats();
      awareness = protocol.awareness();
    }
  }

  /**
   * Drops this share (0..1) of the datagrams this member sends, as a lossy network would: for fault
   * injection in tests and benchmarks. 0 by default.
   */
  public void dropOutbound(double share) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("loss share must be between 0 and 1, got " + share);
    }
    outboundLoss = share;
  }

  private void send(String to, Envelope envelope) {
    if (outboundLoss > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < outboundLoss) {
      return;
    }
    byte[] bytes = codec.encode(envelope);
    if (bytes.length > EnvelopeCodec.MAX_DATAGRAM_BYTES) {
      LOG.warn("gossip message to {} is {} bytes, above {}; not sent", to, bytes.length,
          EnvelopeCodec.MAX_DATAGRAM_BYTES);
      return;
    }
    bytesSent.addAndGet(bytes.length);
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), parse(to)));
  }

  /** The address other members reach this one at. */
  public String address() {
    return address;
  }

  /** This node's view, itself first. */
  public List<MemberView> members() {
    return snapshot;
  }

  public GossipStats stats() {
    return stats;
  }

  /** Lifeguard's local health score (0 = healthy). */
  public int awareness() {
    return awareness;
  }

  /** Datagrams dropped unread: malformed, wrong key, or sealed/plain mismatch. */
  public long droppedDatagrams() {
    return dropped.get();
  }

  public long bytesSent() {
    return bytesSent.get();
  }

  public long bytesReceived() {
    return bytesReceived.get();
  }

  public void addListener(MembershipListener listener) {
    listeners.add(listener);
  }

  public void removeListener(MembershipListener listener) {
    listeners.remove(listener);
  }

  /** Told the round trip (ms) of every direct probe this member completes, on the protocol thread. */
  public void addRttObserver(java.util.function.DoubleConsumer observer) {
    rttObservers.add(observer);
  }

  /** Replaces this node's metadata; fails when it is above the configured byte limit. */
  public void setMetadata(Map<String, String> metadata) throws InterruptedException {
    try {
      protocolThread.submit(() -> protocol.setMetadata(metadata)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalStateException(e.getCause());
    }
    protocolThread.execute(() -> step(p -> { }));
  }

  /** Announces a graceful leave, lets it spread for {@code spreadMillis}, then stops. */
  public void leave(long spreadMillis) throws InterruptedException {
    protocolThread.execute(() -> step(SwimProtocol::leave));
    Thread.sleep(spreadMillis);
    close();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    protocolThread.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  static long now() {
    return System.nanoTime() / 1_000_000;
  }

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("gossip address \"" + hostPort + "\" is not host:port");
    }
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
