package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.ReadException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/** Translates Ratis failures into {@link MeshException}s: one table, used for writes and reads. */
final class RatisErrors {
  private RatisErrors() {}

  /** {@code reply} when the call succeeded; else its failure, translated and thrown. For {@code handle}. */
  static org.apache.ratis.protocol.RaftClientReply replied(org.apache.ratis.protocol.RaftClientReply reply,
      Throwable failure) {
    if (failure != null) {
      throw translate(failure);
    }
    if (!reply.isSuccess()) {
      throw translate(reply.getException());
    }
    return reply;
  }

  static MeshException translate(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof MeshException mesh) {
      return mesh;
    }
    if (t instanceof StateMachineException sme) {
      MeshException rejected = decodeRejection(sme);
      if (rejected != null) {
        return rejected;
      }
      return new MeshException(ErrorCode.INTERNAL, "the state machine failed: " + sme.getMessage(),
          "check the server logs of the leader", t);
    }
    if (leadershipLost(t)) {
      return new MeshException(ErrorCode.NO_LEADER, "no leader is ready: " + t.getMessage(),
          "the cluster is electing a leader; retry in a moment", t);
    }
    if (t instanceof ResourceUnavailableException) {
      return new MeshException(ErrorCode.OVERLOADED, "the leader's write queue is full",
          "back off and retry", t);
    }
    if (t instanceof TimeoutIOException || t instanceof java.util.concurrent.TimeoutException) {
      return new MeshException(ErrorCode.TIMEOUT, "timed out waiting for the quorum: " + t.getMessage(),
          "check that a majority of members is up and connected", t);
    }
    if (t instanceof RaftRetryFailureException || t instanceof ReadException || t instanceof ReadIndexException
        || t instanceof AlreadyClosedException) {
      return new MeshException(ErrorCode.UNAVAILABLE, "the quorum did not answer: " + t.getMessage(),
          "check that a majority of members is up and connected, then retry", t);
    }
    if (t instanceof StoreException) {
      return new MeshException(ErrorCode.INTERNAL, t.getMessage(), "check the server logs", t);
    }
    return new MeshException(ErrorCode.UNAVAILABLE, "request failed: " + t,
        "check that a majority of members is up and connected, then retry", t);
  }

  /** Whether the member refused the request because it does not (or no longer, or not yet) lead. */
  static boolean leadershipLost(Throwable failure) {
    Throwable t = unwrap(failure);
    return t instanceof NotLeaderException || t instanceof LeaderNotReadyException
        || t instanceof LeaderSteppingDownException || t instanceof ServerNotReadyException;
  }

  private static MeshException decodeRejection(StateMachineException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf(MeshStateMachine.REJECTED);
    if (at < 0) {
      return null;
    }
    String rest = message.substring(at + MeshStateMachine.REJECTED.length());
    int colon = rest.indexOf(':');
    try {
      ErrorCode code = ErrorCode.valueOf(rest.substring(0, colon));
      return new MeshException(code, rest.substring(colon + 1), "");
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException bad) {
      return null;
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
