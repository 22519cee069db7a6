package io.meshkit.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The receiving side of one streaming call that the client may cancel from any thread: gRPC hands
 * over the call when it starts it; cancelling before that is a no-op.
 *
 * @param <Q> the call's request type
 * @param <R> the call's response type
 */
abstract class CancellableCall<Q, R> implements ClientResponseObserver<Q, R> {
  private volatile ClientCallStreamObserver<Q> call;

  @Override
  public final void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    this.call = requestStream;
  }

  /** Ends the call; the server sees it cancelled with {@code why}. */
  final void cancel(String why) {
    ClientCallStreamObserver<Q> c = call;
    if (c != null) {
      c.cancel(why, null);
    }
  }
}
