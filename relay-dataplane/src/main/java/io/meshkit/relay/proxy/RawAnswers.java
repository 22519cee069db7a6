package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * The first inbound handler of an HTTP/1.1 backend connection: reads the answer the exchange on it waits
 * for either as bytes or as Netty's HTTP objects, as the exchange asked ({@link #expect}).
 *
 * <p>As bytes: the head is read once into an {@link AnswerHead}; the body follows in {@link AnswerBytes}
 * pieces, the bytes as they came (no copy: slices of what the socket read), the framing followed only
 * to find the answer's end. An answer that is not plain ({@link AnswerHead#parse} says which) goes,
 * from its first byte, to the {@link Objects} decoder behind, as does every answer the exchange wants as
 * objects: one for an HTTP/2 or HTTP/1.0 client, or to a HEAD request.
 *
 * <p>Between answers (and for the rest of one it does not read itself) it passes what comes on as it is.
 * One request at a time runs on a backend connection, so the mode set for one answer cannot apply to
 * another.
 */
final class RawAnswers extends ByteToMessageDecoder {
  /** The longest head read as bytes: Netty's default initial line plus header limits. Longer: objects. */
  static final int MAX_HEAD_BYTES = 4096 + 8192;
  /** The longest chunk-size line or trailer section; longer is taken for a broken backend. */
  private static final int MAX_FRAMING_LINE_BYTES = 8192;
  private static final AttributeKey<RawAnswers> KEY = AttributeKey.valueOf("meshkit.relay.raw-answers");

  private enum State {
    /** Everything goes on as it is (to the objects decoder). */
    PASS,
    /** Reading an answer's head, wanted as bytes. */
    HEAD,
    /** Within a body of known length. */
    LENGTH,
    /** In a chunk-size line: its hex digits. */
    CHUNK_SIZE,
    /** In a chunk-size line after its digits (extensions), up to its CR. */
    CHUNK_EXTENSION,
    /** The chunk-size line's LF. */
    CHUNK_SIZE_LF,
    /** Within a chunk's data. */
    CHUNK_DATA,
    /** The CR after a chunk's data. */
    CHUNK_DATA_CR,
    /** The LF after a chunk's data. */
    CHUNK_DATA_LF,
    /** In the trailer section, after the last chunk: lines up to a blank one. */
    TRAILER,
    /** A trailer line's LF. */
    TRAILER_LF
  }

  private final Objects objects;
  private State state = State.PASS;
  /** In HEAD: how many bytes from the reader index are known not to end the head. */
  private int headScanned;
  /** LENGTH / CHUNK_DATA: bytes of the body or chunk still to come. */
  private long remaining;
  /** CHUNK_SIZE: digits read; TRAILER: bytes of the current line. */
  private int lineBytes;
  /** Framing bytes in the current chunk-size line or trailer section (bounded). */
  private int framingBytes;

  RawAnswers(Objects objects) {
    this.objects = objects;
  }

  /** Puts {@code answers} (and the {@link Objects} decoder it was made with) on {@code ch}. */
  static void install(Channel ch, RawAnswers answers) {
    ch.attr(KEY).set(answers);
    ch.pipeline().addLast(answers, answers.objects);
  }

  /**
   * How the answer to the request about to be sent on {@code ch} is wanted: as bytes, or as objects;
   * {@code toHead}: the request is a HEAD (its answer has no body, whatever its headers say), so its answer
   * is read as objects even when bytes are wanted. Called on {@code ch}'s event loop before the request is
   * written.
   */
  static void expect(Channel ch, boolean asBytes, boolean toHead) {
    RawAnswers answers = ch.attr(KEY).get();
    answers.objects.toHead = toHead;
    answers.state = asBytes && !toHead ? State.HEAD : State.PASS;
    answers.headScanned = 0;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case PASS -> pass(in, out);
      case HEAD -> head(in, out);
      default -> body(in, out);
    }
  }

  private void head(ByteBuf in, List<Object> out) {
    int from = in.readerIndex();
    int end = in.writerIndex();
    for (int lineStart = from + headScanned; ; ) {
      int lf = in.indexOf(lineStart, end, (byte) '\n');
      if (lf < 0) {
        headScanned = lineStart - from;
        if (end - from > MAX_HEAD_BYTES) {
          pass(in, out); // Netty's decoder reports it too long
        }
        return;
      }
      boolean blank = lf == lineStart || (lf == lineStart + 1 && in.getByte(lineStart) == '\r');
      lineStart = lf + 1;
      if (blank && lineStart - from > 2) {
        AnswerHead head = lineStart - from <= MAX_HEAD_BYTES ? AnswerHead.parse(in, from, lineStart - from) : null;
        if (head == null) {
          pass(in, out); // not plain: the objects decoder reads it from its first byte
          return;
        }
        in.readerIndex(lineStart);
        out.add(head);
        switch (head.framing()) {
          case NONE -> end(in, out, in.readerIndex());
          case LENGTH -> {
            remaining = head.length();
            state = State.LENGTH;
            if (remaining == 0) {
              end(in, out, in.readerIndex());
            }
          }
          case CHUNKED -> startChunk();
        }
        return;
      }
    }
  }

  /** From here on (up to the next {@link #expect}) everything goes on as it is, starting with what {@code in} holds. */
  private void pass(ByteBuf in, List<Object> out) {
    state = State.PASS;
    out.add(in.readRetainedSlice(in.readableBytes()));
  }

  /** Follows the body's framing over what {@code in} holds; passes it on as one piece. */
  private void body(ByteBuf in, List<Object> out) {
    int at = in.readerIndex();
    int end = in.writerIndex();
    while (at < end) {
      switch (state) {
        case LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - at);
          at += n;
          remaining -= n;
          if (remaining == 0) {
            if (state == State.LENGTH) {
              end(in, out, at);
              return;
            }
            state = State.CHUNK_DATA_CR;
          }
        }
        case CHUNK_SIZE -> {
          byte b = in.getByte(at++);
          int digit = Character.digit(b, 16);
          if (digit >= 0) {
            if (++lineBytes > 15) {
              throw broken("a chunk size of more than 15 hex digits");
            }
            remaining = remaining * 16 + digit;
          } else if (lineBytes == 0) {
            throw broken("a chunk-size line without a size");
          } else if (b == '\r') {
            state = State.CHUNK_SIZE_LF;
          } else if (b == ';' || b == ' ' || b == '\t') {
            state = State.CHUNK_EXTENSION;
          } else {
            throw broken("a chunk-size line with '" + (char) b + "' after its size");
          }
          framing(1);
        }
        case CHUNK_EXTENSION -> {
          int cr = in.indexOf(at, end, (byte) '\r');
          framing((cr < 0 ? end : cr) - at);
          at = cr < 0 ? end : cr + 1;
          if (cr >= 0) {
            state = State.CHUNK_SIZE_LF;
          }
        }
        case CHUNK_SIZE_LF -> {
          expectByte(in.getByte(at++), '\n');
          framingBytes = 0;
          lineBytes = 0;
          state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
        }
        case CHUNK_DATA_CR -> {
          expectByte(in.getByte(at++), '\r');
          state = State.CHUNK_DATA_LF;
        }
        case CHUNK_DATA_LF -> {
          expectByte(in.getByte(at++), '\n');
          startChunk();
        }
        case TRAILER -> {
          byte b = in.getByte(at++);
          framing(1);
          if (b == '\r') {
            state = State.TRAILER_LF;
          } else {
            lineBytes++;
          }
        }
        case TRAILER_LF -> {
          expectByte(in.getByte(at++), '\n');
          if (lineBytes == 0) {
            end(in, out, at);
            return;
          }
          lineBytes = 0;
          state = State.TRAILER;
        }
        default -> throw new IllegalStateException("not in a body: " + state);
      }
    }
    out.add(new AnswerBytes(in.readRetainedSlice(at - in.readerIndex()), false));
  }

  private void startChunk() {
    state = State.CHUNK_SIZE;
    remaining = 0;
    lineBytes = 0;
    framingBytes = 0;
  }

  /** The answer ends at {@code at}: its last piece goes on; what follows is not this answer's. */
  private void end(ByteBuf in, List<Object> out, int at) {
    int n = at - in.readerIndex();
    out.add(new AnswerBytes(n == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(n), true));
    state = State.PASS;
  }

  private void framing(int bytes) {
    framingBytes += bytes;
    if (framingBytes > MAX_FRAMING_LINE_BYTES) {
      throw broken("a chunk-size line or trailer section longer than " + MAX_FRAMING_LINE_BYTES + " bytes");
    }
  }

  private static void expectByte(byte b, char wanted) {
    if (b != wanted) {
      throw broken("a chunk not ended by CRLF");
    }
  }

  private static DecoderException broken(String what) {
    return new DecoderException("the backend's chunked body is malformed: " + what);
  }

  /**
   * Netty's answer decoder, told per request whether it was a HEAD (whose answer has no body): what
   * {@code HttpClientCodec} learns by pairing requests with answers, here set by {@link #expect}.
   */
  static final class Objects extends HttpResponseDecoder {
    private boolean toHead;

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL
          && toHead) {
        return true;
      }
      return super.isContentAlwaysEmpty(msg);
    }
  }
}
