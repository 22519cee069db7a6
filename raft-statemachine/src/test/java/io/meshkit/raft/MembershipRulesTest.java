package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.FollowerProgress;
import io.meshkit.proto.internal.v1.ReplicationProgress;
import io.meshkit.proto.v1.ErrorCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MembershipRulesTest {
  private final MembershipRules rules = new MembershipRules(1000, 4000);

  private static RaftMember m(int n) {
    return new RaftMember("n" + n, "h:" + (7100 + n), "h:" + (7000 + n), "");
  }

  private static MemberSet voters(int... ids) {
    return new MemberSet(5, java.util.Arrays.stream(ids).mapToObj(MembershipRulesTest::m).toList(), List.of(m(9)),
        List.of());
  }

  /** Leader n1 at commit 5000; each follower given as {id, match, lastContactMs}. */
  private static ReplicationProgress progress(long[]... followers) {
    ReplicationProgress.Builder p = ReplicationProgress.newBuilder().setLeaderId("n1").setCommitIndex(5000);
    for (long[] f : followers) {
      p.addFollowers(FollowerProgress.newBuilder().setId("n" + f[0]).setMatchIndex(f[1]).setLastContactMs(f[2]));
    }
    return p.build();
  }

  private static void refused(ErrorCode code, String text, Executable check) {
    MeshException e = assertThrows(MeshException.class, check);
    assertEquals(code, e.code(), e::getMessage);
    assertTrue(e.getMessage().contains(text), e::getMessage);
  }

  @Test
  void addNeedsANewIdAndAddressesOfItsOwn() {
    rules.checkAdd(voters(1, 2, 3), m(4));
    refused(ErrorCode.ALREADY_EXISTS, "already in the configuration", () -> rules.checkAdd(voters(1, 2, 3), m(2)));
    refused(ErrorCode.ALREADY_EXISTS, "Raft address", () -> rules.checkAdd(voters(1, 2, 3),
        new RaftMember("n4", "h:7102", "h:7004", "")));
    refused(ErrorCode.INVALID_ARGUMENT, "client address", () -> rules.checkAdd(voters(1, 2, 3),
        new RaftMember("n4", "h:7104", "", "")));
  }

  @Test
  void promoteNeedsACaughtUpListener() {
    MemberSet set = voters(1, 2, 3);
    rules.checkPromote(set, progress(new long[] {9, 4500, 100}), "n9");
    refused(ErrorCode.FAILED_PRECONDITION, "trails the leader by 3000", () ->
        rules.checkPromote(set, progress(new long[] {9, 2000, 100}), "n9"));
    refused(ErrorCode.FAILED_PRECONDITION, "has not heard from it", () ->
        rules.checkPromote(set, progress(new long[] {9, 5000, 9000}), "n9"));
    refused(ErrorCode.FAILED_PRECONDITION, "already a voter", () -> rules.checkPromote(set, progress(), "n2"));
    refused(ErrorCode.NOT_FOUND, "no member n7", () -> rules.checkPromote(set, progress(), "n7"));
  }

  @Test
  void removalMustLeaveAReachableQuorum() {
    MemberSet three = voters(1, 2, 3);
    ReplicationProgress n3Down = progress(new long[] {2, 5000, 100}, new long[] {3, 100, 60000});
    rules.checkRemove(three, n3Down, "n3");  // 2 left, both healthy
    refused(ErrorCode.FAILED_PRECONDITION, "quorum", () -> rules.checkRemove(three, n3Down, "n2"));
    MemberSet five = voters(1, 2, 3, 4, 5);
    ReplicationProgress twoDown = progress(new long[] {2, 5000, 10}, new long[] {3, 5000, 10},
        new long[] {4, 1, 90000}, new long[] {5, 1, 90000});
    rules.checkRemove(five, twoDown, "n4");  // 4 left, 3 healthy
    refused(ErrorCode.FAILED_PRECONDITION, "of which 2 are reachable", () -> rules.checkRemove(five, twoDown, "n2"));
    rules.checkRemove(five, twoDown, "n9");  // a listener: always
    refused(ErrorCode.FAILED_PRECONDITION, "last voter", () -> rules.checkRemove(voters(1), progress(), "n1"));
  }

  @Test
  void noChangeDuringJointConsensus() {
    MemberSet joint = new MemberSet(7, List.of(m(1), m(2), m(4)), List.of(), List.of(m(1), m(2), m(3)));
    refused(ErrorCode.CONFLICT, "under way", () -> rules.checkAdd(joint, m(5)));
    refused(ErrorCode.CONFLICT, "under way", () -> rules.checkRemove(joint, progress(), "n2"));
  }

  @Test
  void transferGoesToTheMostCaughtUpHealthyVoter() {
    MemberSet set = voters(1, 2, 3);
    assertEquals("n3", rules.transferTarget(set, progress(new long[] {2, 4990, 10}, new long[] {3, 5000, 10},
        new long[] {9, 5000, 10}), Optional.empty()));
    assertEquals("n2", rules.transferTarget(set, progress(new long[] {2, 4990, 10}, new long[] {3, 5000, 99999}),
        Optional.empty()));
    refused(ErrorCode.FAILED_PRECONDITION, "listener", () -> rules.transferTarget(set, progress(new long[] {9, 5000,
        10}), Optional.of("n9")));
    refused(ErrorCode.FAILED_PRECONDITION, "no other voter", () -> rules.transferTarget(set,
        progress(new long[] {2, 1, 10}, new long[] {3, 1, 10}), Optional.empty()));
  }
}
