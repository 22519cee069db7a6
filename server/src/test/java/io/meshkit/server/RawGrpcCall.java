package io.meshkit.server;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorDetail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of any gRPC method with a request given as bytes, whatever the method's message types: what
 * a foreign or hostile client can send. A stream still open after {@code streamWait} is cancelled and
 * reported as {@link Outcome#open()}.
 */
final class RawGrpcCall {
  /** Messages as they are on the wire: bytes in, bytes out. */
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /**
   * How a call ended.
   *
   * @param status its status; OK for a stream still open when it was cancelled
   * @param detail the MeshKit error detail of a failure, if the member sent one
   * @param messages responses received
   * @param open the stream was still open (accepted) when the test stopped waiting
   */
  record Outcome(Status status, ErrorDetail detail, int messages, boolean open) {
    /** Whether the member did what was asked (or began to): an OK status, a response, an open stream. */
    boolean accepted() {
      return status.isOk() || messages > 0 || open;
    }

    /** Everything the member said in words. */
    String text() {
      return status.getCode() + " " + status.getDescription() + (detail == null ? ""
          : " | " + detail.getMessage() + " | " + detail.getHint());
    }
  }

  private RawGrpcCall() {}

  /** {@code method} as a byte[] → byte[] method of the same name and type. */
  static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES).setType(method.getType())
        .setFullMethodName(method.getFullMethodName()).build();
  }

  static Outcome call(Channel channel, MethodDescriptor<byte[], byte[]> method, byte[] request, Metadata headers,
      long deadlineMs, long streamWaitMs) throws InterruptedException {
    ClientCall<byte[], byte[]> call = channel.newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS));
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    AtomicInteger messages = new AtomicInteger();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        messages.incrementAndGet();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        ErrorDetail detail = trailers.containsKey(ErrorCodes.DETAIL_KEY) ? trailers.get(ErrorCodes.DETAIL_KEY) : null;
        done.complete(new Outcome(status, detail, messages.get(), false));
      }
    }, headers);
    call.request(64);
    call.sendMessage(request);
    call.halfClose();
    boolean streaming = method.getType() != MethodDescriptor.MethodType.UNARY;
    try {
      return done.get(streaming ? streamWaitMs : deadlineMs + 1_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel("fuzz: done waiting", null);
      Outcome ended = done.join();
      return new Outcome(Status.OK, ended.detail(), ended.messages(), true);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
