package io.meshkit.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One channel per endpoint, opened lazily, and a sticky "current" endpoint: calls go to the same
 * member until it fails, then to the next one in the list. Sticking to one member keeps a client's
 * reads monotonic in the common case and its connections few.
 */
final class EndpointPool implements AutoCloseable {
  private final List<String> endpoints;
  private final ChannelCredentials credentials;
  private final int maxInboundMessageBytes;
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private int current;
  private boolean closed;

  EndpointPool(List<String> endpoints, ChannelCredentials credentials, int maxInboundMessageBytes) {
    this.endpoints = List.copyOf(endpoints);
    this.credentials = credentials;
    this.maxInboundMessageBytes = maxInboundMessageBytes;
  }

  List<String> endpoints() {
    return endpoints;
  }

  /** The index of the endpoint calls currently go to. */
  synchronized int current() {
    return current;
  }

  synchronized String endpoint(int index) {
    return endpoints.get(index);
  }

  /** The channel to endpoint {@code index}, opening it on first use. */
  synchronized ManagedChannel channel(int index) {
    return channel(endpoints.get(index));
  }

  /**
   * The channel to any member's client address, in the list or not (cluster status asks each
   * member the first one names), opening it on first use.
   */
  synchronized ManagedChannel channel(String endpoint) {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
    return channels.computeIfAbsent(endpoint, e -> Grpc.newChannelBuilder(e, credentials)
        .maxInboundMessageSize(maxInboundMessageBytes)
        .build());
  }

  /**
   * Moves past {@code failed} after a failure there. A no-op when another caller already moved on,
   * so concurrent failures on one member advance the pool once, not once per call.
   */
  synchronized void failedAt(int failed) {
    if (current == failed) {
      current = (failed + 1) % endpoints.size();
    }
  }

  @Override
  public void close() {
    List<ManagedChannel> open = new ArrayList<>();
    synchronized (this) {
      closed = true;
      open.addAll(channels.values());
      channels.clear();
    }
    open.forEach(ManagedChannel::shutdown);
    for (ManagedChannel c : open) {
      try {
        if (!c.awaitTermination(2, TimeUnit.SECONDS)) {
          c.shutdownNow();
        }
      } catch (InterruptedException e) {
        c.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
