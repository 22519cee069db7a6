package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * An HTTP/1.1 message head the relay wrote as bytes itself: an answer to a client
 * ({@link ProxyHeaders#incoming(AnswerHead, io.netty.buffer.ByteBufAllocator,
 * io.meshkit.relay.routing.RoutingTable, io.meshkit.relay.routing.Route, boolean, boolean)}) or a request to a
 * backend ({@link ProxyHeaders#outgoingBytes}). The encoder of its connection ({@link FrontCodec},
 * {@link RequestEncoder}) writes it as it is, and the message's body after it as bytes, its framing as
 * the head declares it.
 */
final class RawHead extends DefaultByteBufHolder {
  RawHead(ByteBuf head) {
    super(head);
  }
}
