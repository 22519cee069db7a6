package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto.AppendResult;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.ProtoUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower running MeshKit's Ratis settings acknowledges an append only once the appended entries are
 * in its log.
 *
 * <p>Found in the Jepsen suite: a member cut off during a leader change received the old leader's
 * delayed append and the new leader's append, both starting at the same index, while the first was
 * still being written. With Ratis 3.3.0's default "append-entries compose" the follower treats the
 * second as a duplicate of the first (it compares only where each run of a term starts), skips it, and
 * still answers SUCCESS with the second's last index. The new leader then counts the follower as holding
 * entries it never wrote (the follower's log keeps the old leader's divergent tail) and, its matchIndex
 * never going back, retries forever: the member stays behind until the next leader change. The
 * acknowledgement also counts toward commit. {@link RatisProperties#server} turns compose off, which
 * makes the follower append each request in the calling RPC thread, truncating a conflicting tail.
 *
 * <p>The requests go straight into a real Ratis server (the same entry point its gRPC service calls),
 * back to back, so the first is still being written when the second arrives.
 */
class FollowerAppendTest {
  @TempDir
  Path dir;

  @Test
  void aSuccessReplyCoversOnlyEntriesTheLogHolds() throws Exception {
    RaftNodeConfig config = RaftNodeConfig.withDefaults("append-test", "n3",
        List.of(member("n1"), member("n2"), member("n3")), dir);
    RaftGroup group = RaftNode.contactGroup(config);
    try (RaftServer server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf("n3")).setGroup(group)
        .setProperties(RatisProperties.server(config)).setStateMachine(new BaseStateMachine())
        .setOption(RaftStorage.StartupOption.FORMAT).build()) {
      server.start();
      // The deposed leader n2 (term 2) had sent entries 0..299; the new leader n1 (term 3) shares
      // 0..249 with it and then has its own 250..319.
      AppendEntriesRequestProto old = append(group, "n2", 2, entries(0, 300, 2));
      List<LogEntryProto> newer = new ArrayList<>(entries(0, 250, 2));
      newer.addAll(entries(250, 70, 3));
      AppendEntriesRequestProto current = append(group, "n1", 3, newer);

      awaitReady(server, group);
      CompletableFuture<AppendEntriesReplyProto> first = server.appendEntriesAsync(old);
      CompletableFuture<AppendEntriesReplyProto> second = server.appendEntriesAsync(current);
      first.get(30, TimeUnit.SECONDS);
      AppendEntriesReplyProto reply = second.get(30, TimeUnit.SECONDS);

      assertEquals(AppendResult.SUCCESS, reply.getResult());
      assertEquals(319, reply.getMatchIndex());
      RaftLog log = server.getDivision(group.getGroupId()).getRaftLog();
      assertEquals(TermIndex.valueOf(3, 319), log.getLastEntryTermIndex(),
          "the follower acknowledged up to 319 but its log ends elsewhere");
      assertEquals(3, log.getTermIndex(250).getTerm(), "the old leader's divergent tail was kept");
    }
  }

  /** Waits until the member takes appends (its role is set up shortly after start). */
  private static void awaitReady(RaftServer server, RaftGroup group) throws Exception {
    AppendEntriesRequestProto heartbeat = append(group, "n2", 1, List.of());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        server.appendEntriesAsync(heartbeat).get(30, TimeUnit.SECONDS);
        return;
      } catch (ServerNotReadyException | ExecutionException e) {
        boolean notReady = e instanceof ServerNotReadyException || e.getCause() instanceof ServerNotReadyException;
        if (!notReady || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  private static AppendEntriesRequestProto append(RaftGroup group, String leader, long term,
      List<LogEntryProto> entries) {
    RaftRpcRequestProto rpc = RaftRpcRequestProto.newBuilder()
        .setRequestorId(RaftPeerId.valueOf(leader).toByteString())
        .setReplyId(RaftPeerId.valueOf("n3").toByteString())
        .setRaftGroupId(ProtoUtils.toRaftGroupIdProtoBuilder(group.getGroupId()))
        .setCallId(term)
        .build();
    return AppendEntriesRequestProto.newBuilder().setServerRequest(rpc).setLeaderTerm(term)
        .addAllEntries(entries).setLeaderCommit(-1).build();
  }

  private static List<LogEntryProto> entries(long from, int count, long term) {
    ByteString payload = ByteString.copyFrom(new byte[4096]);
    ByteString client = ClientId.randomId().toByteString();
    List<LogEntryProto> list = new ArrayList<>(count);
    for (long i = from; i < from + count; i++) {
      list.add(LogEntryProto.newBuilder().setTerm(term).setIndex(i)
          .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(payload)
              .setClientId(client).setCallId(i)).build());
    }
    return list;
  }

  private static RaftMember member(String id) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new RaftMember(id, "127.0.0.1:" + socket.getLocalPort(), "", "");
    }
  }
}
