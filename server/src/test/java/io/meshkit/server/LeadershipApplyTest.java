package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.leadership.election.ElectionCommandHandler;
import io.meshkit.leadership.election.LeadershipEvents;
import io.meshkit.leadership.lease.LeaseMetrics;
import io.meshkit.leadership.lease.Leases;
import io.meshkit.proto.internal.v1.CampaignCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LeaseExpireCommand;
import io.meshkit.proto.internal.v1.LeaseGrantCommand;
import io.meshkit.proto.internal.v1.LeaseRevokeCommand;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.internal.v1.ProclaimCommand;
import io.meshkit.proto.internal.v1.ResignCommand;
import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.Table;
import io.meshkit.registry.kv.KvCommandHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases, elections, fencing and KV applied together on a real store, as the state machine applies
 * them (no Ratis): succession order, token monotonicity, what a lease takes with it, stale fences.
 */
class LeadershipApplyTest {
  @TempDir
  Path dir;
  private MeshStore store;
  private CommandDispatcher dispatcher;
  private EntryApplier applier;
  private long index;
  private long term = 1;
  private final List<Leadership> announced = new ArrayList<>();

  @BeforeEach
  void open() {
    KvCommandHandler kv = new KvCommandHandler();
    ElectionCommandHandler elections = new ElectionCommandHandler();
    Leases leases = new Leases(List.of(kv, elections), Leases.Settings.defaults(), LeaseMetrics.NONE);
    dispatcher = new CommandDispatcher(List.of(kv, leases.handler(), elections), CommandLimits.DEFAULTS);
    applier = new EntryApplier(dispatcher);
    store = MeshStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CommandResult apply(Command command) throws Exception {
    dispatcher.validate(command);
    EntryApplier.Outcome outcome = applier.apply(store, term, ++index,
        LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(index).build());
    for (StoredEvent e : outcome.events()) {
      if (e.getTable().equals(Table.SCOPES.columnFamily())) {
        announced.add(LeadershipEvents.leadership(e.getEvent()));
      }
    }
    return outcome.result();
  }

  private long grant(long ttlMs) throws Exception {
    return apply(Command.newBuilder().setLeaseGrant(LeaseGrantCommand.newBuilder().setTtlMs(ttlMs)).build())
        .getLeaseGrant().getId();
  }

  private CampaignResponse campaign(String candidate, long lease) throws Exception {
    CommandResult r = apply(Command.newBuilder().setCampaign(CampaignCommand.newBuilder().setScope("ctl")
        .setCandidate(candidate).setLease(lease).setValue(ByteString.copyFromUtf8(candidate + "-addr"))).build());
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, r.getCode(), r.getMessage());
    return r.getCampaign();
  }

  private ErrorCode fencedPut(long token) throws Exception {
    return apply(Command.newBuilder().setFence(Fence.newBuilder().setScope("ctl").setToken(token))
        .setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("config")).setValue(ByteString.copyFromUtf8("v")))
        .build()).getCode();
  }

  private boolean kvExists(String key) {
    try (ReadView view = store.readView()) {
      return view.get(Table.KV, key.getBytes()).isPresent();
    }
  }

  @Test
  void theEarliestLiveCandidateLeadsAndEachNewLeaderGetsALargerToken() throws Exception {
    long la = grant(5_000);
    long lb = grant(5_000);
    long lc = grant(5_000);
    CampaignResponse a = campaign("a", la);
    CampaignResponse b = campaign("b", lb);
    CampaignResponse c = campaign("c", lc);
    assertTrue(a.getElected());
    assertFalse(b.getElected());
    assertFalse(c.getElected());
    assertEquals(a.getKey().getCreateRevision(), a.getToken(), "the token is the revision of taking office");

    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, fencedPut(a.getToken()));
    apply(Command.newBuilder().setLeaseRevoke(LeaseRevokeCommand.newBuilder().setId(la)).build());
    Leadership afterA = announced.get(announced.size() - 1);
    assertEquals("b", afterA.getCandidate(), "the next candidate by create revision");
    assertTrue(afterA.getToken() > a.getToken());
    assertEquals(ErrorCode.FENCED, fencedPut(a.getToken()), "the deposed leader's token is stale");
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, fencedPut(afterA.getToken()));

    // The expiry of the leader's lease (proposed in this term) hands over to c.
    apply(Command.newBuilder().setLeaseExpire(LeaseExpireCommand.newBuilder().setProposerTerm(term).addIds(lb))
        .build());
    Leadership afterB = announced.get(announced.size() - 1);
    assertEquals("c", afterB.getCandidate());
    assertTrue(afterB.getToken() > afterA.getToken());

    // c resigns: vacant; a new campaign takes office with a still larger token.
    apply(Command.newBuilder().setResign(ResignCommand.newBuilder().setKey(c.getKey())).build());
    assertEquals("", announced.get(announced.size() - 1).getCandidate());
    assertEquals(ErrorCode.FENCED, fencedPut(afterB.getToken()));
    CampaignResponse d = campaign("d", grant(5_000));
    assertTrue(d.getElected());
    assertTrue(d.getToken() > afterB.getToken());
  }

  @Test
  void campaigningAgainWithTheSameLeaseResumesTheCandidacy() throws Exception {
    long lease = grant(5_000);
    CampaignResponse first = campaign("a", lease);
    CampaignResponse again = campaign("a", lease);
    assertEquals(first.getKey(), again.getKey());
    assertEquals(first.getToken(), again.getToken());
    assertEquals(1, announced.size(), "no second leadership change");
  }

  @Test
  void onlyTheLeaderMayProclaim() throws Exception {
    CampaignResponse a = campaign("a", grant(5_000));
    CampaignResponse b = campaign("b", grant(5_000));
    CommandResult denied = apply(Command.newBuilder().setProclaim(ProclaimCommand.newBuilder().setKey(b.getKey())
        .setValue(ByteString.copyFromUtf8("x"))).build());
    assertEquals(ErrorCode.FENCED, denied.getCode());
    apply(Command.newBuilder().setProclaim(ProclaimCommand.newBuilder().setKey(a.getKey())
        .setValue(ByteString.copyFromUtf8("new-addr"))).build());
    Leadership last = announced.get(announced.size() - 1);
    assertEquals("new-addr", last.getValue().toStringUtf8());
    assertEquals(a.getToken(), last.getToken(), "proclaiming keeps the token");
  }

  @Test
  void aLeaseTakesItsKeysWithItAndAPutOnAMissingLeaseChangesNothing() throws Exception {
    long lease = grant(5_000);
    apply(Command.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("svc/a"))
        .setValue(ByteString.copyFromUtf8("1")).setLease(lease)).build());
    apply(Command.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("svc/b"))
        .setValue(ByteString.copyFromUtf8("2")).setLease(lease)).build());
    // Re-put without the lease: detached, survives the lease.
    apply(Command.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("svc/b"))
        .setValue(ByteString.copyFromUtf8("3"))).build());
    CommandResult revoked = apply(Command.newBuilder().setLeaseRevoke(LeaseRevokeCommand.newBuilder().setId(lease))
        .build());
    assertEquals(1, revoked.getLeaseEnd().getDetached());
    assertFalse(kvExists("svc/a"));
    assertTrue(kvExists("svc/b"));
    CommandResult missing = apply(Command.newBuilder().setPut(PutRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8("svc/c")).setValue(ByteString.copyFromUtf8("1")).setLease(lease)).build());
    assertEquals(ErrorCode.NOT_FOUND, missing.getCode());
    assertFalse(kvExists("svc/c"));
  }

  @Test
  void anExpiryProposedInAnEarlierTermIsIgnored() throws Exception {
    long lease = grant(5_000);
    campaign("a", lease);
    term = 2; // a new leader took over; the old leader's proposal was logged in its term
    CommandResult stale = apply(Command.newBuilder().setLeaseExpire(LeaseExpireCommand.newBuilder()
        .setProposerTerm(1).addIds(lease)).build());
    assertEquals(ErrorCode.FENCED, stale.getCode());
    try (ReadView view = store.readView()) {
      assertTrue(view.get(Table.LEASES, io.meshkit.raft.LeaseAttachments.leaseKey(lease)).isPresent());
    }
    assertEquals(1, announced.size());
  }

  @Test
  void aResetIsNotUndoneByTheCheckpointItOvertookInTheLog() throws Exception {
    long lease = grant(5_000);
    // The leader chose checkpoint #1 (order 2), then a renewal decided a reset (order 3); the reset
    // reached the log first.
    apply(checkpoint(lease, 0, 3));
    apply(checkpoint(lease, 2_500, 2));
    assertEquals(0, storedRemaining(lease), "the later decision (the reset) stands");
    apply(checkpoint(lease, 2_000, 4));
    assertEquals(2_000, storedRemaining(lease), "a checkpoint decided after the reset applies");
    term = 2;
    apply(checkpoint(lease, 1_000, 2));
    assertEquals(1_000, storedRemaining(lease), "a new term's decisions are later than any of the old term");
  }

  private Command checkpoint(long lease, long remainingMs, long order) {
    return Command.newBuilder().setLeaseCheckpoint(io.meshkit.proto.internal.v1.LeaseCheckpointCommand.newBuilder()
        .setProposerTerm(term).addCheckpoints(io.meshkit.proto.internal.v1.LeaseCheckpoint.newBuilder().setId(lease)
            .setRemainingMs(remainingMs).setOrder(order))).build();
  }

  private long storedRemaining(long lease) throws Exception {
    try (ReadView view = store.readView()) {
      return io.meshkit.proto.internal.v1.StoredLease.parseFrom(
          view.get(Table.LEASES, io.meshkit.raft.LeaseAttachments.leaseKey(lease)).orElseThrow())
          .getCheckpointRemainingMs();
    }
  }

  @Test
  void aDeleteEventForAVacancyNamesTheScope() {
    Event vacant = Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(io.meshkit.proto.v1.KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("ctl"))).build();
    assertEquals("ctl", LeadershipEvents.leadership(vacant).getScope());
  }
}
