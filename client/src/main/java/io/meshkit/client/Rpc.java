package io.meshkit.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.Deadline;

/** One unary call on a channel, bounded by the operation's deadline. */
@FunctionalInterface
interface Rpc<Q, R> {
  ListenableFuture<R> call(Channel channel, Deadline deadline, Q request);
}
