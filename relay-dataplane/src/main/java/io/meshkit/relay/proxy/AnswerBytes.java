package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a backend answer's body as it came on the wire, framing included (a chunked body's chunk
 * lines and trailers are in it): what {@link RawAnswers} passes on after an {@link AnswerHead}.
 * {@code last}: the answer ends with this piece.
 */
final class AnswerBytes extends DefaultByteBufHolder {
  private final boolean last;

  AnswerBytes(ByteBuf bytes, boolean last) {
    super(bytes);
    this.last = last;
  }

  boolean last() {
    return last;
  }
}
