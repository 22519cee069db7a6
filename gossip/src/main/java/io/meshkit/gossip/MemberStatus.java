package io.meshkit.gossip;

/** A member's liveness as one node sees it. */
public enum MemberStatus {
  ALIVE, SUSPECT, DEAD, LEFT
}
