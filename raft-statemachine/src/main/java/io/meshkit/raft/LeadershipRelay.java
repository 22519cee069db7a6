package io.meshkit.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Fans leadership notifications out to listeners and replays the current state to a listener added
 * late, so registering after the node started misses nothing.
 */
final class LeadershipRelay {
  private final List<LeadershipListener> listeners = new ArrayList<>();
  /** The term this member leads in and is ready, or -1. */
  private long readyTerm = -1;

  synchronized void add(LeadershipListener listener) {
    listeners.add(listener);
    if (readyTerm >= 0) {
      listener.onLeaderReady(readyTerm);
    }
  }

  synchronized void leaderReady(long term) {
    readyTerm = term;
    listeners.forEach(l -> l.onLeaderReady(term));
  }

  synchronized void notLeader() {
    if (readyTerm < 0) {
      return;
    }
    readyTerm = -1;
    listeners.forEach(LeadershipListener::onNotLeader);
  }
}
