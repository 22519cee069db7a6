package io.meshkit.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.ListRebalancePlansRequest;
import io.meshkit.proto.v1.PlanRebalanceRequest;
import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.raft.MeshException;
import io.meshkit.rebalancer.api.RebalanceService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The REST mirror of {@code meshkit.v1.Rebalance} on the admin server, same methods as gRPC, messages
 * in Protobuf's canonical JSON, errors as {@code ErrorDetail}:
 * <pre>
 * GET  /meshkit/rebalance-plans?namespace=&amp;limit=     plans (newest first) and namespace states
 * POST /meshkit/rebalance-plans                        (PlanRebalanceRequest: plan, dry_run, evacuate, ...)
 * GET  /meshkit/rebalance-plans/{id}
 * POST /meshkit/rebalance-plans/{id}/approve|cancel|rollback   (body optional: ChangeInfo)
 * GET  /meshkit/rebalance-plans/{id}/events            server-sent events: the plan now and after every
 *                                                      change ("event: plan"), then "event: end"
 * GET  /meshkit/rebalance-plans/events?namespace=      server-sent events: every change of a plan ("event:
 *                                                      plan") or namespace state ("event: namespace": state
 *                                                      changes, and the guardrail holding a plan back in
 *                                                      its note) from now on
 * </pre>
 */
final class RebalanceRest {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
      .includingDefaultValueFields().omittingInsignificantWhitespace();

  private final RebalanceService rebalance;
  private final Duration timeout;

  RebalanceRest(RebalanceService rebalance, Duration timeout) {
    this.rebalance = rebalance;
    this.timeout = timeout;
  }

  void handle(HttpExchange ex) throws IOException {
    List<String> path = RestRequests.segments(ex.getRequestURI().getRawPath());
    boolean get = ex.getRequestMethod().equals("GET");
    if (get && path.size() == 4 && path.get(3).equals("events")) {
      long id;
      try {
        id = RestRequests.number("plan id", path.get(2));
      } catch (MeshException e) {
        RestRequests.fail(ex, e);
        return;
      }
      stream(ex, (queue, stop) -> rebalance.watch(GetRebalancePlanRequest.newBuilder().setPlanId(id).build(),
          event -> queue.offer(frame("plan", event.getPlan().getModRevision(), event.getPlan())),
          failure -> ended(queue, failure), stop));
    } else if (get && path.size() == 3 && path.get(2).equals("events")) {
      String namespace = RestRequests.query(ex.getRequestURI().getRawQuery()).getOrDefault("namespace", "");
      stream(ex, (queue, stop) -> rebalance.watchAll(namespace, record -> queue.offer(
          record instanceof io.meshkit.proto.v1.RebalancePlan p ? frame("plan", p.getModRevision(), p)
              : frame("namespace", ((io.meshkit.proto.v1.NamespaceRebalance) record).getModRevision(), record)),
          failure -> ended(queue, failure), stop));
    } else {
      RestRequests.answer(ex, timeout, () -> route(ex, path));
    }
  }

  private CompletableFuture<? extends Message> route(HttpExchange ex, List<String> path) throws IOException {
    String method = ex.getRequestMethod();
    Map<String, String> query = RestRequests.query(ex.getRequestURI().getRawQuery());
    int n = path.size();
    if (n == 2 && method.equals("GET")) {
      return rebalance.list(ListRebalancePlansRequest.newBuilder().setNamespace(query.getOrDefault("namespace", ""))
          .setLimit(RestRequests.number("limit", query.getOrDefault("limit", "0")).intValue())
          .setSerializable(Boolean.parseBoolean(query.getOrDefault("serializable", "false"))).build());
    }
    if (n == 2 && method.equals("POST")) {
      return rebalance.plan(RestRequests.body(ex, PlanRebalanceRequest.newBuilder()).build());
    }
    if (n >= 3) {
      long id = RestRequests.number("plan id", path.get(2));
      if (n == 3 && method.equals("GET")) {
        return rebalance.get(GetRebalancePlanRequest.newBuilder().setPlanId(id).build());
      }
      if (n == 4 && method.equals("POST")) {
        RebalancePlanActionRequest r = RebalancePlanActionRequest.newBuilder().setPlanId(id)
            .setChange(RestRequests.body(ex, ChangeInfo.newBuilder())).build();
        switch (path.get(3)) {
          case "approve" -> {
            return rebalance.approve(r);
          }
          case "cancel" -> {
            return rebalance.cancel(r);
          }
          case "rollback" -> {
            return rebalance.rollback(r);
          }
          default -> { }
        }
      }
    }
    throw new MeshException(ErrorCode.NOT_FOUND, method + " " + ex.getRequestURI().getPath()
        + " is not a rebalance endpoint", "see docs/rebalancer.md for the REST endpoints");
  }

  /** Starts a stream: queues frames (and {@link EventStreams#END}), hands over the action that stops it. */
  private interface EventSource {
    void start(BlockingQueue<String> queue, java.util.function.Consumer<Runnable> stop);
  }

  /** Writes what {@code source} queues as server-sent events until it ends or the client goes away. */
  private void stream(HttpExchange ex, EventSource source) throws IOException {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    AtomicReference<Runnable> stop = new AtomicReference<>(() -> { });
    source.start(queue, stop::set);
    EventStreams.pump(ex, queue, "", () -> stop.get().run());
  }

  private static String frame(String event, long revision, Message record) {
    return "id: " + revision + "\nevent: " + event + "\ndata: " + json(record) + "\n\n";
  }

  /** The stream's last frames: "end", or "error" with the failure's code and message. */
  private static void ended(BlockingQueue<String> queue, Throwable failure) {
    if (failure != null) {
      String code = failure instanceof MeshException m ? m.code().name() : ErrorCode.INTERNAL.name();
      queue.offer("event: error\ndata: {\"code\":\"" + code + "\",\"message\":" + quoted(failure.getMessage())
          + "}\n\n");
    } else {
      queue.offer("event: end\ndata: {}\n\n");
    }
    queue.offer(EventStreams.END);
  }

  private static String json(Message m) {
    try {
      return PRINTER.print(m);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quoted(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s == null ? "" : s).toString();
  }
}
