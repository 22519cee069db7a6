package io.meshkit.raft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Raft configuration as one member holds it: the voters, the non-voting listeners and, while a
 * change is in joint consensus, the previous voters. Immutable.
 *
 * @param index log index of the configuration entry (-1 for the configuration a member started with)
 * @param voters members that vote and may lead
 * @param listeners members that receive the log but never vote
 * @param previousVoters the voters before the change under way; empty when the configuration is stable
 */
public record MemberSet(long index, List<RaftMember> voters, List<RaftMember> listeners,
    List<RaftMember> previousVoters) {
  public MemberSet {
    voters = List.copyOf(voters);
    listeners = List.copyOf(listeners);
    previousVoters = List.copyOf(previousVoters);
  }

  /** Whether no change is in joint consensus. */
  public boolean stable() {
    return previousVoters.isEmpty();
  }

  /**
   * The voter sets a decision needs a majority of: the voters, and during joint consensus also the
   * previous voters (Raft's rule for both elections and commits).
   */
  public List<Set<String>> quorums() {
    List<Set<String>> sets = new ArrayList<>();
    sets.add(ids(voters));
    if (!previousVoters.isEmpty()) {
      sets.add(ids(previousVoters));
    }
    return sets;
  }

  /** Every member this configuration names (voters, listeners, previous voters), once each, by id. */
  public List<RaftMember> all() {
    List<RaftMember> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Stream.of(voters, listeners, previousVoters).flatMap(List::stream).filter(m -> seen.add(m.id()))
        .forEach(out::add);
    return out;
  }

  public Optional<RaftMember> find(String id) {
    return all().stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public boolean isVoter(String id) {
    return voters.stream().anyMatch(m -> m.id().equals(id));
  }

  public boolean isListener(String id) {
    return listeners.stream().anyMatch(m -> m.id().equals(id));
  }

  /** Whether a member knows no configuration yet (started to join, not added). */
  public boolean empty() {
    return voters.isEmpty() && listeners.isEmpty();
  }

  private static Set<String> ids(List<RaftMember> members) {
    return members.stream().map(RaftMember::id).collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
