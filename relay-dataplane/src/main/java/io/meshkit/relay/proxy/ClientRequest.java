package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A client's request head as an exchange reads it: what routing and forwarding need (method, target,
 * framing, a header by name), and the head made for a backend, as bytes or as a Netty object. Two
 * kinds: {@link RequestHead}, a plain HTTP/1.1 head read where its bytes lie, and {@link DecodedRequest},
 * one Netty's decoder made (every other HTTP/1.x head, and each HTTP/2 stream's, converted).
 */
interface ClientRequest {
  HttpMethod method();

  /** The request target as sent ({@code /path?query} for an origin-form one). */
  String uri();

  /** The request came as HTTP/1.1 (an HTTP/2 stream's is converted to one; HTTP/1.0's is not). */
  boolean http11();

  /** The client keeps its connection open after the answer (as far as the request says). */
  boolean keepAlive();

  /** The body comes in chunks (else it is empty or has a length). */
  boolean chunked();

  /** The body's declared length; -1 when none is declared. */
  long contentLength();

  /** The first value of header {@code name} (ASCII case ignored), without the whitespace around it; null when absent. */
  String header(CharSequence name);

  /**
   * The head to send to an HTTP/1.1 backend as bytes, with the route of the moment (made anew for each
   * send, the request unchanged); null when it must go as an object. See
   * {@link ProxyHeaders#outgoingBytes(HttpRequest, String, RoutingTable, Route, ByteBufAllocator)}.
   */
  ByteBuf toBackendBytes(String from, RoutingTable table, Route route, ByteBufAllocator alloc);

  /**
   * The request to send to a backend as an object ({@link ProxyHeaders#outgoing}): made once per exchange
   * and re-stamped for each send; it may take over this head's headers.
   */
  HttpRequest toBackendObject(String from);

  /** Lets go of what the head holds (its bytes), once its exchange is over; as {@code ReferenceCounted.release}. */
  boolean release();
}
