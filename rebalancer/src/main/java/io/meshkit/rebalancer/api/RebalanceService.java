package io.meshkit.rebalancer.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.ApproveRebalancePlanCommand;
import io.meshkit.proto.internal.v1.CancelRebalancePlanCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.SubmitRebalancePlanCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.GetRebalancePlanResponse;
import io.meshkit.proto.v1.ListRebalancePlansRequest;
import io.meshkit.proto.v1.ListRebalancePlansResponse;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.PlanRebalanceRequest;
import io.meshkit.proto.v1.PlanRebalanceResponse;
import io.meshkit.proto.v1.RebalanceGrpc;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanActionResponse;
import io.meshkit.proto.v1.RebalancePlanEvent;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.Watch;
import io.meshkit.raft.WatchListener;
import io.meshkit.raft.edge.GrpcEdge;
import io.meshkit.rebalancer.control.Guardrails;
import io.meshkit.rebalancer.control.PlanDrafts;
import io.meshkit.rebalancer.control.RebalancePlanning;
import io.meshkit.rebalancer.plan.Plan;
import io.meshkit.rebalancer.plan.PlanPolicy;
import io.meshkit.rebalancer.state.RebalanceStates;
import io.meshkit.rebalancer.state.RebalanceStore;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * gRPC {@code meshkit.v1.Rebalance}; the REST mirror on the admin server calls the same methods.
 * Plans are made on this member from a linearizable registry read and its gossip view; every change
 * of a plan is a replicated command (any member forwards it); reads are linearizable unless asked
 * serializable. The actor of a change is what the client says until the security issue fills it from
 * the caller's identity (the hook: {@code ChangeInfo.actor}).
 */
public final class RebalanceService extends RebalanceGrpc.RebalanceImplBase {
  private static final int DEFAULT_LIST = 50;
  private static final int MAX_LIST = 500;

  private final RaftNode node;
  private final RebalancePlanning planning;

  public RebalanceService(RaftNode node, RebalancePlanning planning) {
    this.node = node;
    this.planning = planning;
  }

  @Override
  public void plan(PlanRebalanceRequest r, StreamObserver<PlanRebalanceResponse> out) {
    GrpcEdge.reply(plan(r), x -> x, out);
  }

  /**
   * Plans now; stores the plan unless it is a dry run or empty. Storing is refused while the incident
   * throttle holds (gossip, so checked here rather than in apply), naming it and when it clears.
   */
  public CompletableFuture<PlanRebalanceResponse> plan(PlanRebalanceRequest r) {
    if (r.getNamespace().isEmpty()) {
      return failed(ErrorCode.INVALID_ARGUMENT, "no namespace given", "name the namespace to plan");
    }
    boolean store = !r.getDryRun();
    return node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      Plan plan = planning.plan(view, r.getNamespace(), new HashSet<>(r.getEvacuateList()));
      if (store && !plan.isEmpty()) {
        requireNoIncident(view, r.getNamespace());
      }
      return plan;
    }).thenCompose(plan -> {
      RebalancePlan draft = PlanDrafts.draft(plan, r.getChange(), "operator");
      if (!store || plan.isEmpty()) {
        return CompletableFuture.completedFuture(PlanRebalanceResponse.newBuilder()
            .setHeader(node.header(plan.revision())).setPlan(draft).setDryRun(r.getDryRun())
            .setEmpty(plan.isEmpty()).build());
      }
      return node.execute(Command.newBuilder().setSubmitRebalancePlan(SubmitRebalancePlanCommand.newBuilder()
          .setPlan(draft).setApprove(r.getApprove()).setIgnoreCooldown(r.getIgnoreCooldown())).build())
          .thenApply(result -> PlanRebalanceResponse.newBuilder().setHeader(node.header(result.getRevision()))
              .setPlan(result.getRebalancePlan()).build());
    });
  }

  private void requireNoIncident(ReadView view, String namespace) {
    RegistryAccess.namespace(view, namespace).flatMap(ns -> Guardrails.incident(ns, RegistryAccess.nodes(view),
        planning.health().health())).ifPresent(incident -> {
          throw new MeshException(ErrorCode.FAILED_PRECONDITION, "guardrail " + incident,
              "wait for the nodes to recover, or raise the namespace's --max-unhealthy-nodes");
        });
  }

  @Override
  public void list(ListRebalancePlansRequest r, StreamObserver<ListRebalancePlansResponse> out) {
    GrpcEdge.reply(list(r), x -> x, out);
  }

  public CompletableFuture<ListRebalancePlansResponse> list(ListRebalancePlansRequest r) {
    int limit = r.getLimit() <= 0 ? DEFAULT_LIST : Math.min(r.getLimit(), MAX_LIST);
    return read(r.getSerializable(), view -> {
      ListRebalancePlansResponse.Builder b = ListRebalancePlansResponse.newBuilder()
          .setHeader(node.header(view.revision())).addAllPlans(RebalanceStore.plans(view, r.getNamespace(), limit));
      if (r.getNamespace().isEmpty()) {
        b.addAllNamespaces(RebalanceStore.namespaces(view));
      } else {
        b.addNamespaces(RebalanceStore.namespace(view, r.getNamespace()));
      }
      return b.build();
    });
  }

  @Override
  public void get(GetRebalancePlanRequest r, StreamObserver<GetRebalancePlanResponse> out) {
    GrpcEdge.reply(get(r), x -> x, out);
  }

  public CompletableFuture<GetRebalancePlanResponse> get(GetRebalancePlanRequest r) {
    return read(r.getSerializable(), view -> {
      RebalancePlan plan = find(view, r.getNamespace(), r.getPlanId(), false);
      return GetRebalancePlanResponse.newBuilder().setHeader(node.header(view.revision())).setPlan(plan)
          .setNamespace(RebalanceStore.namespace(view, plan.getNamespace())).build();
    });
  }

  @Override
  public void approve(RebalancePlanActionRequest r, StreamObserver<RebalancePlanActionResponse> out) {
    GrpcEdge.reply(approve(r), x -> x, out);
  }

  /** Approves a pending plan; refused while the incident throttle holds (see {@link #plan}). */
  public CompletableFuture<RebalancePlanActionResponse> approve(RebalancePlanActionRequest r) {
    return act(r, true, plan -> Command.newBuilder().setApproveRebalancePlan(ApproveRebalancePlanCommand.newBuilder()
        .setNamespace(plan.getNamespace()).setPlanId(plan.getId()).setChange(r.getChange())).build());
  }

  @Override
  public void cancel(RebalancePlanActionRequest r, StreamObserver<RebalancePlanActionResponse> out) {
    GrpcEdge.reply(cancel(r), x -> x, out);
  }

  public CompletableFuture<RebalancePlanActionResponse> cancel(RebalancePlanActionRequest r) {
    return act(r, false, plan -> Command.newBuilder().setCancelRebalancePlan(CancelRebalancePlanCommand.newBuilder()
        .setNamespace(plan.getNamespace()).setPlanId(plan.getId()).setChange(r.getChange())).build());
  }

  @Override
  public void rollback(RebalancePlanActionRequest r, StreamObserver<RebalancePlanActionResponse> out) {
    GrpcEdge.reply(rollback(r), x -> x, out);
  }

  /** Stores the inverse of an ended plan's done moves as a new plan, approved (the operator asked for it). */
  public CompletableFuture<RebalancePlanActionResponse> rollback(RebalancePlanActionRequest r) {
    return node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      RebalancePlan ended = find(view, r.getNamespace(), r.getPlanId(), true);
      if (!RebalanceStates.ended(ended.getState())) {
        throw new MeshException(ErrorCode.FAILED_PRECONDITION, "plan " + ended.getId() + " is "
            + RebalanceStates.text(ended.getState()), "cancel it first, then roll back what it did");
      }
      Map<Integer, Shard> current = new java.util.HashMap<>();
      for (Shard s : RegistryAccess.shards(view, ended.getNamespace())) {
        current.put(s.getShardId(), s);
      }
      int concurrency = RegistryAccess.namespace(view, ended.getNamespace())
          .map(ns -> PlanPolicy.from(ns.getPolicy()).maxConcurrentMoves()).orElse(PlanPolicy.DEFAULT_CONCURRENT_MOVES);
      RebalancePlan inverse = PlanDrafts.inverse(ended, current, view.revision(), r.getChange(), concurrency);
      if (inverse.getMovesCount() == 0) {
        throw new MeshException(ErrorCode.FAILED_PRECONDITION, "plan " + ended.getId() + " has nothing to roll back ("
            + inverse.getSummary() + ")", "no move of it is done, or every shard it moved has changed since");
      }
      return inverse;
    }).thenCompose(inverse -> node.execute(Command.newBuilder().setSubmitRebalancePlan(
        SubmitRebalancePlanCommand.newBuilder().setPlan(inverse).setApprove(true).setIgnoreCooldown(true)).build()))
        .thenApply(result -> RebalancePlanActionResponse.newBuilder().setHeader(node.header(result.getRevision()))
            .setPlan(result.getRebalancePlan()).build());
  }

  @Override
  public void watch(GetRebalancePlanRequest r, StreamObserver<RebalancePlanEvent> observer) {
    ServerCallStreamObserver<RebalancePlanEvent> out = (ServerCallStreamObserver<RebalancePlanEvent>) observer;
    watch(r, event -> {
      synchronized (out) {
        if (!out.isCancelled()) {
          out.onNext(event);
        }
      }
    }, failure -> {
      synchronized (out) {
        if (!out.isCancelled()) {
          if (failure == null) {
            out.onCompleted();
          } else {
            out.onError(GrpcEdge.toStatus(failure));
          }
        }
      }
    }, out::setOnCancelHandler);
  }

  /**
   * Streams the plan now, then every change of it, until it ends ({@code done} with null) or fails
   * ({@code done} with the failure); {@code onCancel} receives the action that stops the watch.
   */
  public void watch(GetRebalancePlanRequest r, Consumer<RebalancePlanEvent> events, Consumer<Throwable> done,
      Consumer<Runnable> onCancel) {
    read(r.getSerializable(), view -> {
      RebalancePlan plan = find(view, r.getNamespace(), r.getPlanId(), false);
      return new Object[] {plan, view.revision()};
    }).whenComplete((found, failure) -> {
      if (failure != null) {
        done.accept(failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure);
        return;
      }
      RebalancePlan plan = (RebalancePlan) found[0];
      long revision = (Long) found[1];
      events.accept(RebalancePlanEvent.newBuilder().setHeader(node.header(revision)).setPlan(plan).build());
      if (RebalanceStates.ended(plan.getState())) {
        done.accept(null);
        return;
      }
      java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
      Watch watch = node.watch(RebalanceStore.planChanges(plan.getNamespace(), plan.getId(), revision + 1),
          new WatchListener() {
            @Override
            public void onEvents(long rev, List<Event> changes) {
              for (Event e : changes) {
                RebalanceStore.planOf(e.getKv().getKey().toByteArray(), e.getKv().getValue().toByteArray())
                    .ifPresent(p -> {
                      events.accept(RebalancePlanEvent.newBuilder().setHeader(node.header(rev)).setPlan(p).build());
                      if (RebalanceStates.ended(p.getState()) && over.compareAndSet(false, true)) {
                        done.accept(null);
                      }
                    });
              }
            }

            @Override
            public void onProgress(long rev) {}

            @Override
            public void onCanceled(ErrorCode code, String reason, long compactRevision) {
              if (over.compareAndSet(false, true)) {
                done.accept(new MeshException(code == ErrorCode.ERROR_CODE_UNSPECIFIED ? ErrorCode.UNAVAILABLE : code,
                    "plan watch ended: " + reason, "watch again: it starts from the plan as it is now"));
              }
            }
          });
      onCancel.accept(() -> watch.cancel("client went away"));
    });
  }

  /**
   * Every change of a plan or namespace state of {@code namespace} (empty = every namespace) from now
   * on, as the record after the change ({@link RebalancePlan} or {@link NamespaceRebalance}), until
   * cancelled through {@code onCancel} or the watch ends ({@code done} with the reason).
   */
  public void watchAll(String namespace, Consumer<com.google.protobuf.Message> records, Consumer<Throwable> done,
      Consumer<Runnable> onCancel) {
    Watch watch = node.watch(RebalanceStore.allChanges(0), new WatchListener() {
      @Override
      public void onEvents(long rev, List<Event> changes) {
        for (Event e : changes) {
          byte[] key = e.getKv().getKey().toByteArray();
          byte[] value = e.getKv().getValue().toByteArray();
          RebalanceStore.planOf(key, value).filter(p -> namespace.isEmpty() || p.getNamespace().equals(namespace))
              .ifPresent(records);
          RebalanceStore.namespaceOf(key, value).filter(n -> namespace.isEmpty() || n.getNamespace().equals(namespace))
              .ifPresent(records);
        }
      }

      @Override
      public void onProgress(long rev) {}

      @Override
      public void onCanceled(ErrorCode code, String reason, long compactRevision) {
        done.accept(new MeshException(code == ErrorCode.ERROR_CODE_UNSPECIFIED ? ErrorCode.UNAVAILABLE : code,
            "rebalance event stream ended: " + reason, "reconnect: it continues from the state as it is then"));
      }
    });
    onCancel.accept(() -> watch.cancel("client went away"));
  }

  /** The plan by id (namespace optional), else the namespace's active plan, else its last one. */
  private static RebalancePlan find(ReadView view, String namespace, long planId, boolean lastFirst) {
    if (planId > 0) {
      if (!namespace.isEmpty()) {
        return RebalanceStore.plan(view, namespace, planId).orElseThrow(() -> notFound(planId));
      }
      return RebalanceStore.plans(view, "", Integer.MAX_VALUE).stream().filter(p -> p.getId() == planId).findFirst()
          .orElseThrow(() -> notFound(planId));
    }
    if (namespace.isEmpty()) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "neither a plan id nor a namespace given",
          "name the namespace (its active or last plan) or the plan id");
    }
    NamespaceRebalance state = RebalanceStore.namespace(view, namespace);
    long id = state.getActivePlan() != 0 && !lastFirst ? state.getActivePlan() : state.getLastPlan();
    if (id == 0) {
      id = state.getActivePlan();
    }
    if (id == 0) {
      throw new MeshException(ErrorCode.NOT_FOUND, "namespace " + namespace + " has no rebalance plan",
          "make one: meshctl shards rebalance plan " + namespace);
    }
    long found = id;
    return RebalanceStore.plan(view, namespace, id).orElseThrow(() -> notFound(found));
  }

  private static MeshException notFound(long planId) {
    return new MeshException(ErrorCode.NOT_FOUND, "rebalance plan " + planId + " not found",
        "meshctl shards rebalance list shows the plans");
  }

  /** {@code command} for the plan the request names (the namespace's active one by default). */
  private CompletableFuture<RebalancePlanActionResponse> act(RebalancePlanActionRequest r, boolean guarded,
      Function<RebalancePlan, Command> command) {
    return node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      RebalancePlan plan = find(view, r.getNamespace(), r.getPlanId(), false);
      if (guarded) {
        requireNoIncident(view, plan.getNamespace());
      }
      return plan;
    })
        .thenCompose(plan -> node.execute(command.apply(plan)))
        .thenApply(result -> RebalancePlanActionResponse.newBuilder().setHeader(node.header(result.getRevision()))
            .setPlan(result.getRebalancePlan()).build());
  }

  private <T> CompletableFuture<T> read(boolean serializable, Function<ReadView, T> reader) {
    return node.read(serializable ? RaftNode.Consistency.SERIALIZABLE : RaftNode.Consistency.LINEARIZABLE, reader);
  }

  private static <T> CompletableFuture<T> failed(ErrorCode code, String message, String hint) {
    return CompletableFuture.failedFuture(new MeshException(code, message, hint));
  }
}
