package io.meshkit.cli;

import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.WatchLifecycle;
import java.io.PrintWriter;

/**
 * The stderr side of the watch commands: a notice when the watch moves to another member. A watch
 * that ends for good is reported once by the command, from its subscription's {@code done()}.
 */
interface WatchNotices extends WatchLifecycle {
  PrintWriter err();

  @Override
  default void onReconnecting(String failedEndpoint, long fromRevision, MeshkitClientException cause) {
    err().println("lost " + failedEndpoint + ": " + cause.getMessage() + "; resuming from "
        + (fromRevision == 0 ? "the current revision" : "revision " + fromRevision));
    err().flush();
  }

  @Override
  default void onFailed(MeshkitClientException error) {}
}
