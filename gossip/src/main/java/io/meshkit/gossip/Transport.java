package io.meshkit.gossip;

import io.meshkit.proto.gossip.v1.Envelope;

/** Sends one datagram; best effort (UDP): loss is the protocol's problem, never an exception. */
@FunctionalInterface
public interface Transport {
  void send(String address, Envelope envelope);
}
