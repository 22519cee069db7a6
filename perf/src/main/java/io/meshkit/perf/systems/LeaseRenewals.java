package io.meshkit.perf.systems;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Renews a set of leases once a second over a few bidirectional keepalive streams, as a holder
 * library would, and counts the renewals the cluster acknowledged. The same sender serves every
 * system: only the stream, the request and the acknowledgement test differ, so both sides get the
 * same request rate from the same code.
 */
public final class LeaseRenewals implements AutoCloseable {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<Thread> senders = new ArrayList<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failedStreams = new AtomicLong();
  private volatile boolean running = true;

  /**
   * @param <Q> the keepalive request message
   * @param <A> the keepalive response message
   * @param endpoints the members' client addresses; stream {@code s} goes to member {@code s % n}
   * @param openStream opens a keepalive stream on a channel, delivering responses to the observer
   * @param request the keepalive request for a lease id
   * @param acknowledges whether a response renewed its lease
   */
  public <Q, A> LeaseRenewals(List<String> endpoints, List<Long> ids, int streams,
      BiFunction<ManagedChannel, StreamObserver<A>, StreamObserver<Q>> openStream,
      LongFunction<Q> request, Predicate<A> acknowledges) {
    for (int s = 0; s < streams; s++) {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(endpoints.get(s % endpoints.size())).usePlaintext()
          .build();
      channels.add(channel);
      List<Long> mine = new ArrayList<>();
      for (int i = s; i < ids.size(); i += streams) {
        mine.add(ids.get(i));
      }
      StreamObserver<Q> requests = openStream.apply(channel, new StreamObserver<A>() {
        @Override
        public void onNext(A response) {
          if (acknowledges.test(response)) {
            acknowledged.incrementAndGet();
          }
        }

        @Override
        public void onError(Throwable t) {
          failedStreams.incrementAndGet();
        }

        @Override
        public void onCompleted() {}
      });
      Thread sender = new Thread(() -> sendEverySecond(requests, mine, request), "lease-renewals-" + s);
      sender.setDaemon(true);
      senders.add(sender);
      sender.start();
    }
  }

  private <Q> void sendEverySecond(StreamObserver<Q> requests, List<Long> mine, LongFunction<Q> request) {
    long round = System.nanoTime();
    try {
      while (running) {
        for (long id : mine) {
          requests.onNext(request.apply(id));
        }
        round += TimeUnit.SECONDS.toNanos(1);
        long sleep = round - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
      }
      requests.onCompleted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException streamFailed) {
      failedStreams.incrementAndGet();
    }
  }

  /** Renewals acknowledged so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Streams that failed (the cluster or the stream broke); 0 in a clean run. */
  public long failedStreams() {
    return failedStreams.get();
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : senders) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
