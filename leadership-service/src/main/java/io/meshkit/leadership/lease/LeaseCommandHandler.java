package io.meshkit.leadership.lease;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LeaseCheckpoint;
import io.meshkit.proto.internal.v1.LeaseEndResult;
import io.meshkit.proto.internal.v1.StoredLease;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.LeaseGrantResponse;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.LeaseAttachmentOwner;
import io.meshkit.raft.LeaseAttachments;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the lease commands to {@link Table#LEASES}. Deterministic (see {@link CommandHandler}):
 * no clock — TTLs are durations the leader's {@link LeaseKeeper} measures; apply only records
 * grants, ends, and checkpointed remaining TTLs.
 *
 * <p>Ending a lease (revoke, expiry) removes every record attached to it through its owner's
 * {@link LeaseAttachmentOwner#leaseEnded}, in the same entry. Expiry and checkpoint commands are
 * honoured only in the term their proposer led ({@code proposer_term} = the entry's term): a deposed
 * leader's late proposal, re-sent through the new leader, changes nothing.
 */
public final class LeaseCommandHandler implements CommandHandler {
  /** Bounds of a lease TTL; shorter than a leader election would make leases die on failover. */
  public static final long MIN_TTL_MS = 1_000;
  public static final long MAX_TTL_MS = 30L * 24 * 3600 * 1000;
  /** At most this many leases per expiry or checkpoint entry. */
  public static final int MAX_BATCH = 1_000;

  private final Map<Table, LeaseAttachmentOwner> owners = new EnumMap<>(Table.class);
  private final LeaseKeeper keeper;

  LeaseCommandHandler(List<LeaseAttachmentOwner> owners, LeaseKeeper keeper) {
    for (LeaseAttachmentOwner owner : owners) {
      if (this.owners.put(owner.table(), owner) != null) {
        throw new IllegalArgumentException("two owners for lease attachments in " + owner.table());
      }
    }
    this.keeper = keeper;
  }

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.LEASE_GRANT, Command.CmdCase.LEASE_REVOKE, Command.CmdCase.LEASE_EXPIRE,
        Command.CmdCase.LEASE_CHECKPOINT);
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case LEASE_GRANT -> {
        long ttl = command.getLeaseGrant().getTtlMs();
        if (ttl < MIN_TTL_MS || ttl > MAX_TTL_MS) {
          throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "lease TTL " + ttl + " ms is out of range",
              "choose a TTL between " + MIN_TTL_MS + " ms and 30 days; a few election timeouts (10s) is typical");
        }
        if (command.getLeaseGrant().getId() < 0) {
          throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "lease id must be positive",
              "pass 0 to let the cluster choose one");
        }
      }
      case LEASE_REVOKE -> requirePositive(command.getLeaseRevoke().getId());
      case LEASE_EXPIRE -> requireBatch(command.getLeaseExpire().getIdsCount());
      case LEASE_CHECKPOINT -> requireBatch(command.getLeaseCheckpoint().getCheckpointsCount());
      default -> throw new IllegalArgumentException("not a lease command: " + command.getCmdCase());
    }
  }

  private static void requirePositive(long id) throws CommandRejectedException {
    if (id <= 0) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "lease id must be positive, got " + id,
          "use the id Grant returned (meshctl lease list shows them)");
    }
  }

  private static void requireBatch(int size) throws CommandRejectedException {
    if (size == 0 || size > MAX_BATCH) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "a lease batch holds 1.." + MAX_BATCH
          + " leases, got " + size, "");
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return switch (command.getCmdCase()) {
      case LEASE_GRANT -> grant(context, command.getLeaseGrant().getId(), command.getLeaseGrant().getTtlMs());
      case LEASE_REVOKE -> revoke(context, command.getLeaseRevoke().getId());
      case LEASE_EXPIRE -> expire(context, command.getLeaseExpire().getProposerTerm(),
          command.getLeaseExpire().getIdsList());
      case LEASE_CHECKPOINT -> checkpoint(context, command.getLeaseCheckpoint().getProposerTerm(),
          command.getLeaseCheckpoint().getCheckpointsList());
      default -> throw new IllegalStateException("not a lease command: " + command.getCmdCase());
    };
  }

  private CommandResult grant(ApplyContext context, long requestedId, long ttlMs) {
    long id = requestedId != 0 ? requestedId : context.revision();
    if (LeaseAttachments.leaseExists(context, id)) {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "lease " + id + " already exists");
    }
    StoredLease lease = StoredLease.newBuilder().setId(id).setTtlMs(ttlMs).setGrantedRevision(context.revision())
        .build();
    context.put(Table.LEASES, LeaseAttachments.leaseKey(id), lease.toByteArray());
    context.afterCommit(() -> keeper.granted(id, ttlMs));
    return CommandResult.newBuilder().setLeaseGrant(LeaseGrantResponse.newBuilder().setId(id).setTtlMs(ttlMs))
        .build();
  }

  private CommandResult revoke(ApplyContext context, long id) {
    if (!LeaseAttachments.leaseExists(context, id)) {
      throw new CommandFailure(ErrorCode.NOT_FOUND, "lease " + id + " not found: it expired, was revoked or never"
          + " existed");
    }
    long detached = end(context, id);
    return CommandResult.newBuilder().setLeaseEnd(LeaseEndResult.newBuilder().addIds(id).setDetached(detached))
        .build();
  }

  private CommandResult expire(ApplyContext context, long proposerTerm, List<Long> ids) {
    requireProposerTerm(context, proposerTerm);
    LeaseEndResult.Builder result = LeaseEndResult.newBuilder();
    long detached = 0;
    for (long id : ids) {
      if (LeaseAttachments.leaseExists(context, id)) {
        detached += end(context, id);
        result.addIds(id);
      }
    }
    return CommandResult.newBuilder().setLeaseEnd(result.setDetached(detached)).build();
  }

  private CommandResult checkpoint(ApplyContext context, long proposerTerm, List<LeaseCheckpoint> checkpoints) {
    requireProposerTerm(context, proposerTerm);
    for (LeaseCheckpoint c : checkpoints) {
      byte[] key = LeaseAttachments.leaseKey(c.getId());
      Optional<StoredLease> lease = parse(context.get(Table.LEASES, key));
      lease.filter(l -> newer(proposerTerm, c.getOrder(), l)).ifPresent(l -> context.put(Table.LEASES, key,
          l.toBuilder().setCheckpointRemainingMs(c.getRemainingMs()).setCheckpointTerm(proposerTerm)
              .setCheckpointOrder(c.getOrder()).build().toByteArray()));
    }
    return CommandResult.getDefaultInstance();
  }

  /** Whether a checkpoint decided at (term, order) is later than the one {@code lease} stores. */
  private static boolean newer(long term, long order, StoredLease lease) {
    return term > lease.getCheckpointTerm() || term == lease.getCheckpointTerm() && order > lease.getCheckpointOrder();
  }

  private static void requireProposerTerm(ApplyContext context, long proposerTerm) {
    if (proposerTerm != context.term()) {
      throw new CommandFailure(ErrorCode.FENCED, "proposed by the leader of term " + proposerTerm
          + " but logged in term " + context.term() + "; ignored");
    }
  }

  /** Removes the lease and everything attached to it; returns how many records went with it. */
  private long end(ApplyContext context, long id) {
    List<LeaseAttachments.Attachment> attached = LeaseAttachments.of(context, id);
    for (LeaseAttachments.Attachment a : attached) {
      LeaseAttachmentOwner owner = owners.get(a.table());
      if (owner == null) {
        throw new StoreException("lease " + id + " holds a record in " + a.table() + ", which has no owner here");
      }
      owner.leaseEnded(context, a.key());
      LeaseAttachments.detach(context, id, a.table(), a.key());
    }
    context.delete(Table.LEASES, LeaseAttachments.leaseKey(id));
    context.afterCommit(() -> keeper.ended(id));
    return attached.size();
  }

  /** The stored lease records, in id order. */
  static List<StoredLease> all(KeyValueReader state) {
    List<StoredLease> leases = new java.util.ArrayList<>();
    state.scan(Table.LEASES, new byte[0], null, (k, v) -> {
      leases.add(parse(Optional.of(v)).orElseThrow());
      return true;
    });
    return leases;
  }

  static Optional<StoredLease> parse(Optional<byte[]> raw) {
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(StoredLease.parseFrom(raw.get()));
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt lease record: " + e.getMessage(), e);
    }
  }
}
