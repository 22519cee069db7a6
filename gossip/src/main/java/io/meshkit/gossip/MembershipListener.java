package io.meshkit.gossip;

/** Told of every change of a member's status or metadata, on the protocol's thread; must not block. */
@FunctionalInterface
public interface MembershipListener {
  void changed(MemberView before, MemberView after);
}
