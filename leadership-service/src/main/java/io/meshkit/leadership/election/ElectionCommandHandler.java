package io.meshkit.leadership.election;

import io.meshkit.proto.internal.v1.CampaignCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.StoredCandidacy;
import io.meshkit.proto.internal.v1.StoredScope;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.proto.v1.ResignResponse;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.FenceAuthority;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.LeaseAttachmentOwner;
import io.meshkit.raft.LeaseAttachments;
import io.meshkit.raft.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies campaign, proclaim and resign, and removes candidacies whose lease ended. Deterministic
 * (see {@link CommandHandler}). Invariants, per scope:
 * <ul>
 *   <li>the leader is the live candidacy with the lowest create revision;</li>
 *   <li>the token is the revision of the entry in which the current leader took office, so it only
 *       grows (revisions only grow, even across a vacancy);</li>
 *   <li>every change of leader or of the leader's value emits one event in {@link Table#SCOPES}
 *       (PUT with the {@link Leadership}; DELETE when the scope falls vacant);</li>
 *   <li>every candidacy registered or withdrawn emits a PUT or DELETE of its key in
 *       {@link Table#ELECTIONS} (what a waiting campaign watches for its own end).</li>
 * </ul>
 * As {@link FenceAuthority}, it fails any fenced command whose token is not the scope's current one.
 */
public final class ElectionCommandHandler implements CommandHandler, LeaseAttachmentOwner, FenceAuthority {
  public static final int MAX_NAME_BYTES = 256;

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.CAMPAIGN, Command.CmdCase.PROCLAIM, Command.CmdCase.RESIGN);
  }

  @Override
  public Table table() {
    return Table.ELECTIONS;
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case CAMPAIGN -> {
        CampaignCommand c = command.getCampaign();
        requireName("scope", c.getScope());
        requireName("candidate", c.getCandidate());
        if (c.getLease() <= 0) {
          throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "a candidacy needs a lease",
              "grant a lease (meshctl lease grant 10s) and campaign with its id");
        }
        if (c.getValue().size() > limits.maxValueBytes()) {
          throw new CommandRejectedException(ErrorCode.VALUE_TOO_LARGE, "campaign value is " + c.getValue().size()
              + " bytes, above " + limits.maxValueBytes(), "keep leader values small: an address or an id");
        }
      }
      case PROCLAIM -> {
        requireKey(command.getProclaim().getKey());
        if (command.getProclaim().getValue().size() > limits.maxValueBytes()) {
          throw new CommandRejectedException(ErrorCode.VALUE_TOO_LARGE, "proclaimed value is too large",
              "keep leader values small: an address or an id");
        }
      }
      case RESIGN -> requireKey(command.getResign().getKey());
      default -> throw new IllegalArgumentException("not an election command: " + command.getCmdCase());
    }
  }

  private static void requireName(String what, String name) throws CommandRejectedException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0 || bytes.length > MAX_NAME_BYTES || name.indexOf('\0') >= 0) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "the " + what + " must be 1.." + MAX_NAME_BYTES
          + " bytes of UTF-8 without NUL, got '" + name + "'", "use a name such as 'rebalancer' or 'node-1'");
    }
  }

  private static void requireKey(CandidacyKey key) throws CommandRejectedException {
    requireName("scope", key.getScope());
    if (key.getCreateRevision() <= 0) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "the candidacy key needs its create revision",
          "pass the key Campaign returned");
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return switch (command.getCmdCase()) {
      case CAMPAIGN -> campaign(context, command.getCampaign());
      case PROCLAIM -> proclaim(context, command.getProclaim().getKey(), command.getProclaim().getValue());
      case RESIGN -> resign(context, command.getResign().getKey());
      default -> throw new IllegalStateException("not an election command: " + command.getCmdCase());
    };
  }

  private CommandResult campaign(ApplyContext context, CampaignCommand c) {
    if (!LeaseAttachments.leaseExists(context, c.getLease())) {
      throw new CommandFailure(ErrorCode.NOT_FOUND, "lease " + c.getLease() + " not found: it expired, was revoked"
          + " or never existed; grant a new lease and campaign again");
    }
    for (StoredCandidacy existing : Scopes.candidacies(context, c.getScope())) {
      if (existing.getCandidate().equals(c.getCandidate())) {
        if (existing.getLease() != c.getLease()) {
          throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "candidate " + c.getCandidate() + " already campaigns in "
              + c.getScope() + " with lease " + existing.getLease() + "; resign it first");
        }
        return campaignResult(context, existing); // the same campaign again: idempotent
      }
    }
    StoredCandidacy candidacy = StoredCandidacy.newBuilder().setScope(c.getScope()).setCandidate(c.getCandidate())
        .setLease(c.getLease()).setValue(c.getValue()).setCreateRevision(context.revision()).build();
    byte[] key = Scopes.candidacyKey(c.getScope(), context.revision());
    context.put(Table.ELECTIONS, key, candidacy.toByteArray());
    context.emit(Table.ELECTIONS, Event.newBuilder().setType(Event.EventType.PUT)
        .setKv(KeyValue.newBuilder().setKey(Scopes.bytes(key)).setModRevision(context.revision())).build());
    LeaseAttachments.attach(context, c.getLease(), Table.ELECTIONS, key);
    if (Scopes.scope(context, c.getScope()).isEmpty()) {
      takeOffice(context, candidacy);
    }
    return campaignResult(context, candidacy);
  }

  private static CommandResult campaignResult(ApplyContext context, StoredCandidacy candidacy) {
    StoredScope scope = Scopes.scope(context, candidacy.getScope()).orElseThrow();
    boolean elected = isLeader(scope, candidacy);
    CampaignResponse.Builder response = CampaignResponse.newBuilder().setKey(Scopes.key(candidacy))
        .setElected(elected);
    if (elected) {
      response.setToken(scope.getToken());
    }
    return CommandResult.newBuilder().setCampaign(response).build();
  }

  private CommandResult proclaim(ApplyContext context, CandidacyKey key, com.google.protobuf.ByteString value) {
    StoredCandidacy candidacy = existing(context, key);
    StoredScope scope = Scopes.scope(context, key.getScope()).orElseThrow();
    if (!isLeader(scope, candidacy)) {
      throw new CommandFailure(ErrorCode.FENCED, candidacy.getCandidate() + " does not lead " + key.getScope()
          + " (token " + scope.getToken() + " belongs to another candidacy)");
    }
    StoredCandidacy updated = candidacy.toBuilder().setValue(value).build();
    context.put(Table.ELECTIONS, scope.getLeaderKey().toByteArray(), updated.toByteArray());
    announce(context, Scopes.leadership(updated, scope.getToken()));
    return CommandResult.getDefaultInstance();
  }

  private CommandResult resign(ApplyContext context, CandidacyKey key) {
    StoredCandidacy candidacy = existing(context, key);
    byte[] row = Scopes.candidacyKey(key.getScope(), key.getCreateRevision());
    LeaseAttachments.detach(context, candidacy.getLease(), Table.ELECTIONS, row);
    withdraw(context, candidacy);
    return CommandResult.newBuilder().setResign(ResignResponse.newBuilder()
        .setLeadership(Scopes.leadership(context, key.getScope()))).build();
  }

  @Override
  public void leaseEnded(ApplyContext context, byte[] key) {
    context.get(Table.ELECTIONS, key).map(Scopes::candidacy).ifPresent(c -> withdraw(context, c));
  }

  /** Removes a candidacy; when it led, the next in line takes office (or the scope falls vacant). */
  private static void withdraw(ApplyContext context, StoredCandidacy candidacy) {
    StoredScope scope = Scopes.scope(context, candidacy.getScope()).orElseThrow();
    byte[] key = Scopes.candidacyKey(candidacy.getScope(), candidacy.getCreateRevision());
    context.delete(Table.ELECTIONS, key);
    // A waiting campaign learns here that its candidacy ended (no leadership change if it was not leading).
    context.emit(Table.ELECTIONS, Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(KeyValue.newBuilder().setKey(Scopes.bytes(key)).setModRevision(context.revision())).build());
    if (!isLeader(scope, candidacy)) {
      return;
    }
    List<StoredCandidacy> remaining = Scopes.candidacies(context, candidacy.getScope());
    if (remaining.isEmpty()) {
      context.delete(Table.SCOPES, Scopes.scopeKey(candidacy.getScope()));
      KeyValue vacant = KeyValue.newBuilder().setKey(Scopes.bytes(Scopes.scopeKey(candidacy.getScope())))
          .setModRevision(context.revision()).build();
      context.emit(Table.SCOPES, Event.newBuilder().setType(Event.EventType.DELETE).setKv(vacant).build());
    } else {
      takeOffice(context, remaining.get(0));
    }
  }

  /** {@code candidacy} leads its scope from this entry on, with this entry's revision as token. */
  private static void takeOffice(ApplyContext context, StoredCandidacy candidacy) {
    StoredScope scope = StoredScope.newBuilder().setScope(candidacy.getScope())
        .setLeaderKey(Scopes.bytes(Scopes.candidacyKey(candidacy.getScope(), candidacy.getCreateRevision())))
        .setToken(context.revision()).build();
    context.put(Table.SCOPES, Scopes.scopeKey(candidacy.getScope()), scope.toByteArray());
    announce(context, Scopes.leadership(candidacy, scope.getToken()));
  }

  private static void announce(ApplyContext context, Leadership leadership) {
    KeyValue kv = KeyValue.newBuilder().setKey(Scopes.bytes(Scopes.scopeKey(leadership.getScope())))
        .setValue(leadership.toByteString()).setModRevision(context.revision()).build();
    context.emit(Table.SCOPES, Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build());
  }

  private static boolean isLeader(StoredScope scope, StoredCandidacy candidacy) {
    return java.util.Arrays.equals(scope.getLeaderKey().toByteArray(),
        Scopes.candidacyKey(candidacy.getScope(), candidacy.getCreateRevision()));
  }

  private static StoredCandidacy existing(ApplyContext context, CandidacyKey key) {
    return Scopes.candidacy(context, key.getScope(), key.getCreateRevision())
        .filter(c -> key.getCandidate().isEmpty() || c.getCandidate().equals(key.getCandidate()))
        .orElseThrow(() -> new CommandFailure(ErrorCode.NOT_FOUND, "no candidacy " + key.getCandidate() + "@"
            + key.getCreateRevision() + " in scope " + key.getScope() + ": it resigned or its lease ended"));
  }

  @Override
  public Optional<String> violation(KeyValueReader state, Fence fence) {
    Optional<StoredScope> scope = Scopes.scope(state, fence.getScope());
    if (scope.isEmpty()) {
      return Optional.of("fenced: scope " + fence.getScope() + " has no leader, so token " + fence.getToken()
          + " is stale");
    }
    if (scope.get().getToken() != fence.getToken()) {
      return Optional.of("fenced: token " + fence.getToken() + " is stale; scope " + fence.getScope()
          + " is at token " + scope.get().getToken());
    }
    return Optional.empty();
  }
}
