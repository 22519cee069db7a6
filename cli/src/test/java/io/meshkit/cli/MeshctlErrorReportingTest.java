package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.TxnRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the user sees for each kind of answer, against a scripted member (no cluster needed). */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MeshctlErrorReportingTest {
  private static final String DEAD = "127.0.0.1:1";
  private FakeMember member;

  @BeforeEach
  void start() throws Exception {
    member = new FakeMember();
  }

  @AfterEach
  void stop() throws Exception {
    member.close();
  }

  private Cli.Result run(String... args) {
    return runWithStdin("", args);
  }

  /**
   * Runs meshctl against the fake member with a 5 s timeout: generous, since on a loaded machine the
   * first call alone (channel, name resolution) has taken more than the 1 s this once had.
   */
  private Cli.Result runWithStdin(String stdin, String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--endpoints";
    all[1] = member.endpoint();
    all[2] = "--timeout";
    all[3] = "5s";
    System.arraycopy(args, 0, all, 4, args.length);
    return new Cli(Map.of(), stdin, ClientFactory.standard()).execute(all);
  }

  @Test
  void aRefusalExitsOneWithTheServersMessageAndHint() {
    member.failWith = ErrorCodes.toException(ErrorCode.VALUE_TOO_LARGE, "value is 2000000 bytes, the limit 1048576",
        "store large blobs elsewhere and put a reference");
    Cli.Result r = run("kv", "put", "k", "v");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: value is 2000000 bytes, the limit 1048576\n"
        + "Hint: store large blobs elsewhere and put a reference\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void noLeaderOnAReadExitsThreeAfterRetryingNamingTheEndpointsAndHowToCheck() {
    member.failWith = ErrorCodes.toException(ErrorCode.NO_LEADER, "no leader", "wait for an election");
    Cli.Result r = run("kv", "get", "k");
    assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r::toString);
    assertTrue(r.err().startsWith("Error: no member could serve the request (tried " + member.endpoint() + "): no leader"),
        r::toString);
    assertTrue(r.err().contains("Hint: wait for an election"), r::toString);
    assertTrue(r.err().contains("bin/meshkit dev status"), r::toString);
    assertFalse(r.err().contains(ErrorReporter.OUTCOME_UNKNOWN), "a read has no outcome to doubt");
    assertTrue(member.received.size() > 1, "reads are retried within the timeout");
  }

  @Test
  void aWriteWhoseAnswerWasLostSaysItsOutcomeIsUnknown() {
    member.failWith = ErrorCodes.toException(ErrorCode.TIMEOUT, "the quorum did not answer in time", "");
    Cli.Result put = run("kv", "put", "k", "v");
    assertEquals(ExitCodes.UNAVAILABLE, put.exitCode(), put::toString);
    assertTrue(put.err().contains("Note: " + ErrorReporter.OUTCOME_UNKNOWN), put::toString);
    assertEquals(1, member.received.size(), "a write with an unknown outcome is not resent");

    Cli.Result readOnlyTxn = run("kv", "txn", "--then", "get k");
    assertFalse(readOnlyTxn.err().contains(ErrorReporter.OUTCOME_UNKNOWN), readOnlyTxn::toString);
    Cli.Result writingTxn = run("kv", "txn", "--then", "get k", "--else", "del k");
    assertTrue(writingTxn.err().contains(ErrorReporter.OUTCOME_UNKNOWN), writingTxn::toString);
  }

  @Test
  void deadEndpointsExitThreeWithoutAStackTrace() {
    Cli.Result r = new Cli().execute("--endpoints", DEAD, "--timeout", "500ms", "kv", "put", "k", "v");
    assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r::toString);
    assertTrue(r.err().startsWith("Error: no member could serve the request (tried " + DEAD + "): cannot connect to "
        + DEAD), r::toString);
    assertFalse(r.err().contains(ErrorReporter.OUTCOME_UNKNOWN), "a refused connection never carried the write");
    assertNoStackTrace(r);
  }

  @Test
  void putReadsTheValueFromStdinByteForByteWhenItIsDash() {
    Cli.Result r = runWithStdin("line 1\nline 2\n", "kv", "put", "notes", "-", "--lease", "7");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("OK (revision 5)\n", r.out());
    PutRequest put = (PutRequest) member.received.get(0);
    assertEquals(ByteString.copyFromUtf8("notes"), put.getKey());
    assertEquals(ByteString.copyFromUtf8("line 1\nline 2\n"), put.getValue());
    assertEquals(7, put.getLease());
  }

  @Test
  void txnSendsTheParsedComparesAndBranches() {
    Cli.Result r = run("kv", "txn", "--compare", "value(greeting) = hello", "version(n) > 2",
        "--then", "put greeting \"hello world\"", "--else", "get greeting", "del app/ --prefix");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("SUCCEEDED\n", r.out());
    TxnRequest txn = (TxnRequest) member.received.get(0);
    assertEquals(2, txn.getCompareCount());
    assertEquals(ByteString.copyFromUtf8("hello world"), txn.getSuccess(0).getRequestPut().getValue());
    assertEquals(2, txn.getFailureCount());
    assertEquals(ByteString.copyFromUtf8("app0"), txn.getFailure(1).getRequestDeleteRange().getRangeEnd());
  }

  @Test
  void fenceIsSentWithPutDeleteAndTxn() {
    Fence fence = Fence.newBuilder().setScope("ctl").setToken(42).build();
    assertEquals(0, run("kv", "put", "cfg", "x", "--fence", "ctl:42").exitCode());
    assertEquals(0, run("kv", "del", "cfg", "--prefix", "--fence", "ctl:42").exitCode());
    assertEquals(0, run("kv", "txn", "--then", "put cfg y", "--fence", "ctl:42").exitCode());
    assertEquals(0, run("kv", "put", "plain", "x").exitCode());
    assertEquals(fence, ((PutRequest) member.received.get(0)).getFence());
    assertEquals(fence, ((DeleteRangeRequest) member.received.get(1)).getFence());
    assertEquals(fence, ((TxnRequest) member.received.get(2)).getFence());
    assertFalse(((PutRequest) member.received.get(3)).hasFence(), "no --fence, no fence");
  }

  @Test
  void aFencedWriteExitsOneWithTheServersMessageAndWhereToFindTheCurrentToken() {
    member.failWith = ErrorCodes.toException(ErrorCode.FENCED, "fenced: token 12 is stale; scope ctl is at token 57",
        "");
    Cli.Result r = run("kv", "put", "cfg", "x", "--fence", "ctl:12");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: fenced: token 12 is stale; scope ctl is at token 57\nHint: " + ErrorReporter.FENCED_HINT
        + "\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void clusterStatusListsAnUnreachableMemberWithItsErrorAndExitsOne() {
    member.members = List.of(member.self("n1"), Member.newBuilder().setId("n2").setClientAddress(DEAD).build());
    Cli.Result r = run("cluster", "status");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    String[] lines = r.out().split("\n");
    assertEquals(3, lines.length, r::toString);
    assertTrue(lines[0].matches("ID +ADDRESS +ROLE +TERM +COMMIT +APPLIED +LEADER +VERSION +DB SIZE +ERROR"), r::toString);
    assertTrue(lines[1].matches("n1 +" + member.endpoint() + " +LEADER +1 +0 +0 +\\* +test +0 B"), r::toString);
    assertTrue(lines[2].matches("n2 +" + DEAD + " +UNREACHABLE +- .*cannot connect to " + DEAD + ".*"), r::toString);

    member.members = List.of(member.self("n1"));
    assertEquals(0, run("cluster", "status").exitCode());
  }

  @Test
  void clusterHealthExitsOneWhenAMemberIsUnhealthy() {
    member.members = List.of(member.self("n1"));
    member.healthy = false;
    Cli.Result r = run("cluster", "health", "-o", "json");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertTrue(r.out().contains("\"healthy\" : false"), r::toString);
    assertTrue(r.out().contains("no leader: this member cannot reach a quorum"), r::toString);
    member.healthy = true;
    assertEquals(0, run("cluster", "health").exitCode());
  }
}
