package io.meshkit.leadership.election;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.CampaignCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.ProclaimCommand;
import io.meshkit.proto.internal.v1.ResignCommand;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.ElectionGrpc;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.LeaderRequest;
import io.meshkit.proto.v1.LeaderResponse;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.proto.v1.LeadershipEvent;
import io.meshkit.proto.v1.ListScopesRequest;
import io.meshkit.proto.v1.ListScopesResponse;
import io.meshkit.proto.v1.ObserveRequest;
import io.meshkit.proto.v1.ProclaimRequest;
import io.meshkit.proto.v1.ProclaimResponse;
import io.meshkit.proto.v1.ResignRequest;
import io.meshkit.proto.v1.ResignResponse;
import io.meshkit.proto.internal.v1.StoredCandidacy;
import io.meshkit.proto.internal.v1.StoredScope;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * gRPC {@code meshkit.v1.Election}. Campaign, proclaim and resign are replicated commands; Leader
 * and ListScopes are linearizable reads; Observe and Campaign's wait are watches of the scopes
 * table, so no change is missed between the command and the watch.
 */
public final class ElectionService extends ElectionGrpc.ElectionImplBase {
  private final RaftNode node;

  public ElectionService(RaftNode node) {
    this.node = node;
  }

  @Override
  public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> observer) {
    Command campaign = Command.newBuilder().setCampaign(CampaignCommand.newBuilder().setScope(request.getScope())
        .setCandidate(request.getCandidate()).setLease(request.getLease()).setValue(request.getValue())).build();
    node.execute(campaign).whenComplete((result, failure) -> {
      if (failure != null) {
        observer.onError(GrpcEdge.toStatus(failure));
        return;
      }
      CampaignResponse response = result.getCampaign().toBuilder().setHeader(node.header(result.getRevision()))
          .build();
      if (response.getElected() || request.getNoWait()) {
        observer.onNext(response);
        observer.onCompleted();
      } else {
        awaitOffice(response, result.getRevision(), (ServerCallStreamObserver<CampaignResponse>) observer);
      }
    });
  }

  /**
   * Answers once the candidacy leads, or fails once it ended (its lease expired, it resigned); the
   * client may cancel meanwhile. Two watches from the campaign's revision: the scope's leadership
   * and the candidacy's own key.
   */
  private void awaitOffice(CampaignResponse pending, long revision, ServerCallStreamObserver<CampaignResponse> out) {
    CandidacyKey key = pending.getKey();
    AtomicBoolean decided = new AtomicBoolean();
    List<Watch> watches = new CopyOnWriteArrayList<>();
    Runnable stop = () -> watches.forEach(w -> w.cancel("campaign decided"));
    Consumer<Runnable> decide = outcome -> {
      if (decided.compareAndSet(false, true)) {
        synchronized (out) {
          if (!out.isCancelled()) {
            outcome.run();
          }
        }
        stop.run();
      }
    };
    Runnable ended = () -> out.onError(GrpcEdge.toStatus(new MeshException(ErrorCode.NOT_FOUND,
        "the candidacy ended before it was elected (its lease expired or it resigned)",
        "keep the lease alive while campaigning")));
    Runnable interrupted = () -> out.onError(GrpcEdge.toStatus(new MeshException(ErrorCode.UNAVAILABLE,
        "the campaign wait was interrupted (member stopping or too slow)",
        "campaign again with the same candidate and lease: it resumes the same candidacy")));
    watches.add(node.watch(LeadershipEvents.spec(key.getScope(), revision + 1), new WaitListener(decide, interrupted) {
      @Override
      public void onEvents(long rev, List<Event> events) {
        for (Event e : events) {
          Leadership leadership = LeadershipEvents.leadership(e);
          if (leadership.getCandidacyRevision() == key.getCreateRevision()) {
            decide.accept(() -> {
              out.onNext(pending.toBuilder().setHeader(node.header(rev)).setElected(true)
                  .setToken(leadership.getToken()).build());
              out.onCompleted();
            });
          }
        }
      }
    }));
    watches.add(node.watch(LeadershipEvents.candidacySpec(key.getScope(), key.getCreateRevision(), revision + 1),
        new WaitListener(decide, interrupted) {
          @Override
          public void onEvents(long rev, List<Event> events) {
            if (events.stream().anyMatch(e -> e.getType() == Event.EventType.DELETE)) {
              decide.accept(ended);
            }
          }
        }));
    if (decided.get()) {
      stop.run(); // decided before every watch was registered
    }
    out.setOnCancelHandler(() -> watches.forEach(w -> w.cancel("the campaigner went away")));
  }

  /** A campaign wait's watch: a watch cancelled before the decision ends the wait, retriably. */
  private abstract static class WaitListener implements WatchListener {
    private final Consumer<Runnable> decide;
    private final Runnable interrupted;

    WaitListener(Consumer<Runnable> decide, Runnable interrupted) {
      this.decide = decide;
      this.interrupted = interrupted;
    }

    @Override
    public void onProgress(long rev) {}

    @Override
    public void onCanceled(ErrorCode code, String reason, long compactRevision) {
      decide.accept(interrupted);
    }
  }

  /** Scopes with a leader, from this member's applied state (for metrics). */
  public int scopeCount() {
    return node.read(RaftNode.Consistency.SERIALIZABLE, view -> Scopes.all(view).size()).join();
  }

  @Override
  public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> observer) {
    Command proclaim = Command.newBuilder().setProclaim(ProclaimCommand.newBuilder().setKey(request.getKey())
        .setValue(request.getValue())).build();
    GrpcEdge.reply(node.execute(proclaim),
        r -> ProclaimResponse.newBuilder().setHeader(node.header(r.getRevision())).build(), observer);
  }

  @Override
  public void resign(ResignRequest request, StreamObserver<ResignResponse> observer) {
    Command resign = Command.newBuilder().setResign(ResignCommand.newBuilder().setKey(request.getKey())).build();
    GrpcEdge.reply(node.execute(resign),
        r -> r.getResign().toBuilder().setHeader(node.header(r.getRevision())).build(), observer);
  }

  @Override
  public void leader(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
    if (request.getScope().isEmpty()) {
      observer.onError(GrpcEdge.toStatus(new MeshException(ErrorCode.INVALID_ARGUMENT, "no scope given",
          "name the scope, e.g. 'rebalancer'; meshctl leaders list shows them")));
      return;
    }
    GrpcEdge.reply(node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      LeaderResponse.Builder response = LeaderResponse.newBuilder().setHeader(node.header(view.revision()))
          .setLeadership(Scopes.leadership(view, request.getScope()));
      for (StoredCandidacy c : Scopes.candidacies(view, request.getScope())) {
        response.addCandidates(Scopes.key(c));
      }
      return response.build();
    }), r -> r, observer);
  }

  @Override
  public void listScopes(ListScopesRequest request, StreamObserver<ListScopesResponse> observer) {
    GrpcEdge.reply(node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      ListScopesResponse.Builder response = ListScopesResponse.newBuilder().setHeader(node.header(view.revision()));
      for (StoredScope s : Scopes.all(view)) {
        response.addScopes(Scopes.leadership(view, s));
      }
      return response.build();
    }), r -> r, observer);
  }

  @Override
  public void observe(ObserveRequest request, StreamObserver<LeadershipEvent> observer) {
    ServerCallStreamObserver<LeadershipEvent> out = (ServerCallStreamObserver<LeadershipEvent>) observer;
    if (request.getStartRevision() < 0) {
      out.onError(GrpcEdge.toStatus(new MeshException(ErrorCode.INVALID_ARGUMENT, "start revision must be >= 0",
          "0 observes changes from now on")));
      return;
    }
    Watch watch = node.watch(LeadershipEvents.spec(request.getScope(), request.getStartRevision()),
        new WatchListener() {
          @Override
          public void onEvents(long revision, List<Event> events) {
            synchronized (out) {
              for (Event e : events) {
                out.onNext(LeadershipEvent.newBuilder().setHeader(node.header(revision)).setRevision(revision)
                    .setLeadership(LeadershipEvents.leadership(e)).build());
              }
            }
          }

          @Override
          public void onProgress(long revision) {}

          @Override
          public void onCanceled(ErrorCode code, String reason, long compactRevision) {
            synchronized (out) {
              if (!out.isCancelled()) {
                out.onError(GrpcEdge.toStatus(new MeshException(code, reason, compactRevision > 0
                    ? "observe from revision " + compactRevision + " or later" : "observe again")));
              }
            }
          }

          @Override
          public boolean isReady() {
            return out.isReady();
          }
        });
    out.setOnReadyHandler(watch::resume);
    out.setOnCancelHandler(() -> watch.cancel("the observer went away"));
  }
}
