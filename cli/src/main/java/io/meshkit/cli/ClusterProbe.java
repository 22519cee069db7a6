package io.meshkit.cli;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.MemberStatusResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Asks every member of the cluster something, for {@code cluster status} and {@code cluster
 * health}: first the member list from any configured endpoint, then each member at its own client
 * address, all at once so an unreachable member costs one timeout, not one per member.
 */
final class ClusterProbe {
  /** One member's answer, or why it gave none ({@code error} non-null, {@code answer} null). */
  record Answer<T>(Member member, T answer, String error) {}

  private ClusterProbe() {}

  /**
   * The status of the first of {@code endpoints} (not empty) that answers, which names every
   * member. Throws the last endpoint's failure when none answers.
   */
  static MemberStatusResponse discover(MeshkitClient client, List<String> endpoints) {
    MeshkitClientException last = null;
    for (String endpoint : endpoints) {
      try {
        return client.memberStatus(endpoint);
      } catch (MeshkitClientException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The members {@code status} names; just the answering member if it names none. */
  static List<Member> members(MemberStatusResponse status) {
    return status.getMembersCount() > 0 ? status.getMembersList() : List.of(status.getMember());
  }

  /** Calls {@code ask} with each member's client address, in parallel; answers in member order. */
  static <T> List<Answer<T>> askEach(List<Member> members, Function<String, T> ask) {
    ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, members.size()), r -> {
      Thread t = new Thread(r, "meshctl-probe");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<Answer<T>>> pending = new ArrayList<>();
      for (Member m : members) {
        pending.add(CompletableFuture.supplyAsync(() -> ask(m, ask), threads));
      }
      return pending.stream().map(CompletableFuture::join).toList();
    } finally {
      threads.shutdownNow();
    }
  }

  private static <T> Answer<T> ask(Member member, Function<String, T> ask) {
    try {
      return new Answer<>(member, ask.apply(member.getClientAddress()), null);
    } catch (MeshkitClientException | IllegalArgumentException e) {
      return new Answer<>(member, null, e.getMessage());
    }
  }
}
