package io.meshkit.relay.proxy;

import io.meshkit.relay.health.NodeLiveness;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The relay's own work per request — decode the client's request, route it, forward it on a pooled
 * backend connection, decode the answer, pass it back — on Netty's in-process transport
 * ({@link RelayTransport#LOCAL}): no sockets, no syscalls, no other process on the cores, so a change
 * of a few percent in the relay's Java path shows, which {@code bin/perf relay} (wrk, nginx and the
 * backend sharing two cores) cannot resolve.
 *
 * <p>Everything runs on one event loop, the relay's: its client connections, its backend connections,
 * and the benchmark's clients and backend, which do as little as they can (requests and answers are
 * fixed bytes, copied into a fresh buffer per write as a socket read would give them; ends are found by
 * scanning for the blank line). One thread and no hand-offs between threads (two loops ping-ponging
 * spread the score by ±25 %), so requests/s ≈ 1 / (the relay's CPU per request + the harness's small
 * share). Each client connection keeps one request in flight (keep-alive, no pipelining), as wrk does. Metrics are off ({@link RelayMetrics#NONE}; the
 * server's Micrometer meters cost ~2 % in the relay's profile) and so is Netty's leak detector.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RelayPathBenchmark {
  /** Requests per benchmark invocation, spread over the connections. */
  static final int ROUND = 2048;

  private static final byte[] REQUEST = ("GET /orders/items/42 HTTP/1.1\r\nhost: relay.local\r\n"
      + "user-agent: relay-bench\r\naccept: */*\r\nx-meshkit-namespace: orders\r\n"
      + "x-meshkit-shard-key: customer-42\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n"
      + "\r\nok").getBytes(StandardCharsets.US_ASCII);
  private static final int ANSWER_BODY = 2;

  /** Client connections, each with one request in flight. */
  @Param({"16"})
  public int connections;

  /** The one event loop of the relay and the harness (the relay shuts it down). */
  private EventLoopGroup loop;
  private Channel backend;
  private RelayProxy relay;
  private final List<Channel> clients = new ArrayList<>();
  /** The event loop's thread, whose CPU time each iteration reports per request. */
  private long loopThread;
  private long cpuAtIterationStart;
  private long answersAtIterationStart;
  /** Requests answered so far; written on the event loop, read between iterations. */
  private volatile long answers;
  /** The round in progress; touched only on the event loop. */
  private Round round;

  @Setup(Level.Trial)
  public void start() throws InterruptedException {
    loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    backend = new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            ch.pipeline().addLast(new Backend());
          }
        }).bind(new LocalAddress("backend:1")).sync().channel();
    relay = RelayProxy.start(RelayTransport.LOCAL, loop, "relay:1", RouteRules.byHeaders("x-meshkit-namespace"),
        new FixedRouting(FixedRouting.ownedBy(10, "b1", "backend:1")), NodeLiveness.NONE,
        RelayProxy.Settings.defaults(), RelayMetrics.NONE, Optional.empty());
    try {
      loopThread = loop.submit(() -> Thread.currentThread().getId()).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < connections; i++) {
      clients.add(new Bootstrap().group(loop).channel(LocalChannel.class).handler(new Client())
          .connect(new LocalAddress("relay:1")).sync().channel());
    }
  }

  @Setup(Level.Iteration)
  public void iterationStarts() {
    cpuAtIterationStart = CPU.getThreadCpuTime(loopThread);
    answersAtIterationStart = answers;
  }

  /**
   * Prints the event loop's CPU time per request over the iteration: unlike requests/s, it leaves out
   * time the loop's thread did not run (another process, a hypervisor's steal), which this benchmark
   * cannot control.
   */
  @TearDown(Level.Iteration)
  public void iterationEnds() {
    long requests = answers - answersAtIterationStart;
    if (requests > 0) {
      System.out.printf(" [loop CPU %.2f µs/request]", (CPU.getThreadCpuTime(loopThread) - cpuAtIterationStart)
          / 1e3 / requests);
    }
  }

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  @TearDown(Level.Trial)
  public void stop() {
    clients.forEach(Channel::close);
    if (backend != null) {
      backend.close().syncUninterruptibly();
    }
    if (relay != null) {
      relay.close();
    } else {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** {@link #ROUND} requests through the relay, every connection busy until all are answered. */
  @Benchmark
  @OperationsPerInvocation(ROUND)
  public void relayedRequests() throws Exception {
    Round started = new Round();
    loop.execute(() -> {
      round = started;
      for (Channel client : clients) {
        if (started.take()) {
          send(client);
        }
      }
    });
    try {
      started.answered.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the round stalled: " + started.toSend + " requests not sent, "
          + started.toAnswer + " not answered after 30 s", e);
    }
  }

  private static void send(Channel client) {
    client.writeAndFlush(copy(client, REQUEST));
  }

  private static ByteBuf copy(Channel ch, byte[] bytes) {
    return ch.alloc().buffer(bytes.length).writeBytes(bytes);
  }

  /** One invocation's requests: how many are still to be sent, how many answered. Event loop only. */
  private static final class Round {
    final CompletableFuture<Void> answered = new CompletableFuture<>();
    private int toSend = ROUND;
    private int toAnswer = ROUND;

    /** Whether one more request is to be sent (counted as sent). */
    boolean take() {
      if (toSend == 0) {
        return false;
      }
      toSend--;
      return true;
    }

    void answer(int status) {
      if (status != 200) {
        answered.completeExceptionally(new IllegalStateException("the relay answered " + status
            + " instead of 200: the benchmark's routing or backend is broken"));
      } else if (--toAnswer == 0) {
        answered.complete(null);
      }
    }
  }

  /** Finds the blank line that ends an HTTP head, across buffers. */
  private static final class HeadEnd {
    private int matched;

    /** Consumes bytes of {@code in} up to and including the end of a head; true when it was found. */
    boolean find(ByteBuf in) {
      while (in.isReadable()) {
        byte b = in.readByte();
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        if (matched == 4) {
          matched = 0;
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The backend: answers every request head (no bodies here) with {@link #ANSWER}, in a task of its own
   * after the read, as a socket would deliver it: the in-process transport hands a write to a reader on
   * the same loop within the writer's call, and an answer that came back inside the relay's write of the
   * request's head overtook the request's end, so the relay closed every backend connection as not
   * reusable and the benchmark measured connecting instead. Worse, a client that then sent its next
   * request at once had it delivered into the relay's channel while that channel was still inside its
   * read of the previous request (its HTTP decoder entered again mid-message), and every connection
   * stalled. No socket transport delivers inside another read; here the harness writes only from tasks.
   */
  private static final class Backend extends ChannelInboundHandlerAdapter {
    private final HeadEnd head = new HeadEnd();
    private int due;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        while (head.find(in)) {
          due++;
        }
      } finally {
        in.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.executor().execute(() -> {
        for (; due > 0; due--) {
          ctx.write(copy(ctx.channel(), ANSWER));
        }
        ctx.flush();
      });
    }
  }

  /** A client connection: reads an answer's status and end, then sends the round's next request. */
  private final class Client extends ChannelInboundHandlerAdapter {
    private final HeadEnd head = new HeadEnd();
    /** Bytes of the answer's head read so far (the status code is bytes 9-11). */
    private int headBytes;
    private int status;
    private int bodyLeft = -1;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        while (in.isReadable()) {
          if (bodyLeft < 0) {
            readHead(in);
          } else {
            int skip = Math.min(bodyLeft, in.readableBytes());
            in.skipBytes(skip);
            bodyLeft -= skip;
          }
          if (bodyLeft == 0) {
            bodyLeft = -1;
            headBytes = 0;
            Round current = round;
            answers++;
            current.answer(status);
            if (current.take()) {
              // In a task of its own, as a socket would deliver it (see Backend): never inside another read.
              ctx.channel().eventLoop().execute(() -> send(ctx.channel()));
            }
          }
        }
      } finally {
        in.release();
      }
    }

    private void readHead(ByteBuf in) {
      for (int i = in.readerIndex(); i < in.writerIndex() && headBytes + i - in.readerIndex() < 12; i++) {
        int at = headBytes + i - in.readerIndex();
        if (at >= 9) {
          status = (at == 9 ? 0 : status * 10) + (in.getByte(i) - '0');
        }
      }
      int before = in.readerIndex();
      boolean ended = head.find(in);
      headBytes += in.readerIndex() - before;
      if (ended) {
        bodyLeft = ANSWER_BODY;
      }
    }
  }
}
