package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's way through the relay, streamed both ways with backpressure: the next piece of the
 * request body is read from the client only after the previous one was written to the backend, and
 * the next piece of the answer is read from the backend only after the previous one was written to
 * the client. Everything runs on the client channel's event loop (backend channels are made on it).
 *
 * <p>Handoff: while the request body fits {@code replayBufferBytes}, a copy is kept; a backend that
 * answers {@code 421 Misdirected Request} to a request the relay has read in full is taken as "not the
 * owner any more": its answer is drained, the routing is refreshed from a fresh linearizable snapshot,
 * and the request goes once more to the owner the new table names. A request too big to keep, or a 421
 * that arrives before the request's end, is answered as the backend answered.
 *
 * <p>Ends exactly once, through {@link Owner#exchangeDone}, when the answer is written and the request read in full
 * (a body the backend did not wait for is drained, up to {@code maxBodyBytes}), or at once with the
 * client connection to close when something broke.
 */
final class Exchange implements BackendInbound.Listener {
  /** The client connection (or HTTP/2 stream) the exchange runs on, one exchange at a time. */
  interface Owner {
    /** Told once when the exchange is over. */
    void exchangeDone(boolean closeClient);

    /**
     * The exchange waits for a backend's answer until {@code deadlineNanos} ({@link System#nanoTime}):
     * the owner calls {@link #checkDeadline} at or after it while this is its current exchange. One timer
     * per connection, not one scheduled and cancelled per request.
     */
    void answerDue(long deadlineNanos);

    /** The client's IP address as text, for {@code x-forwarded-for} ("" when it has none). */
    String clientAddress();

    /** The client takes answers relayed as bytes ({@link RawHead}): an HTTP/1.x connection. */
    boolean answersAsBytes();
  }

  private final ChannelHandlerContext client;
  private final ClientRequest head;
  private final RouteRules.Target target;
  private final ProxyParts parts;
  /** The client connection stays open after this exchange (its request asked so, and the answer allows). */
  private boolean keepAlive;
  private final Owner owner;
  private final long started = System.nanoTime();

  // Both usually hold one piece (a GET's end), so they start small; they grow as bodies need.
  /** Received from the client, not yet written to a backend (none is ready, or a retry is on its way). */
  private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>(2);
  /** Retained copies of the body read so far, while the request may still be sent again. */
  private final List<HttpContent> replay = new ArrayList<>(2);
  private long bodyBytes;
  private boolean replayable = true;
  private boolean requestComplete;

  private RoutingTable table;
  private Route route;
  private String endpoint = "-";
  private boolean servedByReplica;
  /** The backend speaks HTTP/1.1 (else it is an HTTP/2 stream, whose end is a frame of its own). */
  private boolean http1Backend;
  /**
   * An HTTP/1.1 backend's answer may be relayed as bytes (head read once, body passed on as it came) rather
   * than decoded and encoded again: the client speaks HTTP/1.1 on a connection of its own. (An answer to a
   * HEAD never is: {@link RawAnswers#expect} decides that.)
   */
  private boolean answerAsBytes;
  private Backends.Lease lease;
  /**
   * The request as it goes to backends as an object: made from {@link #head} on the first send that
   * needs it, kept for a resend (it takes over the head's headers). Null while sends go as bytes.
   */
  private HttpRequest forwarded;
  /** The request's body is chunked (it goes on chunked: as an object, never as bytes). */
  private final boolean chunkedRequest;
  /** When the backend's answer head is due ({@link System#nanoTime}); 0 while none is awaited. */
  private long answerDeadline;
  private boolean retried;
  /** Sent once more on a new connection after a kept-alive one failed before any answer. */
  private boolean resent;
  /** Draining a 421 answer before the retry. */
  private boolean discarding;
  /** The answer's head went to the client. */
  private boolean answering;
  private boolean backendKeepAlive;
  /** The backend's answer came in full: a failure of its channel after that is no longer this exchange's. */
  private boolean backendDone;
  private int status;
  /** The answer is complete (or the exchange broke): nothing more goes to or comes from a backend. */
  private boolean answered;
  /** The whole answer (the backend's or the relay's own) was written to the client. */
  private boolean answerWritten;
  private boolean over;

  Exchange(ChannelHandlerContext client, ClientRequest head, RouteRules.Target target, ProxyParts parts, Owner owner) {
    this.client = client;
    this.head = head;
    this.target = target;
    this.parts = parts;
    this.keepAlive = head.keepAlive();
    this.chunkedRequest = head.chunked();
    this.owner = owner;
  }

  /** Routes by {@code table} and sends the head (and whatever body has come) to the owner. */
  void start(RoutingTable routing) {
    table = routing;
    route = routing.route(target.namespace(), target.key()).orElse(null);
    if (route == null) {
      fail(new RelayException(503, "namespace " + target.namespace() + " has no route for this key at revision "
          + routing.revision(), "check the namespace and its shards: meshctl shards resolve " + target.namespace()
          + " KEY"));
      return;
    }
    Destinations.Destination destination;
    try {
      destination = Destinations.choose(route, routing.namespace(target.namespace())
          .map(n -> n.getPolicy().getRelayReplicaFallback()).orElse(false), head.method(), parts.liveness());
    } catch (RelayException e) {
      fail(e);
      return;
    }
    long declared = head.contentLength();
    if (declared > parts.maxBodyBytes()) {
      fail(new RelayException(413, "the request body (" + declared + " bytes) is larger than the relay's limit of "
          + parts.maxBodyBytes(), "send a smaller body, or raise maxBodyBytes in the relay's config"));
      return;
    }
    endpoint = destination.endpoint();
    servedByReplica = destination.replica();
    ProtocolRules.Protocol protocol = endpoint.startsWith("h2c://") ? ProtocolRules.Protocol.H2C
        : ProtocolRules.Protocol.HTTP1;
    http1Backend = protocol == ProtocolRules.Protocol.HTTP1;
    answerAsBytes = http1Backend && owner.answersAsBytes() && head.http11();
    switch (parts.protocols().judge(ProtocolRules.Side.BACKEND, protocol)) {
      case PREFERRED -> { }
      case DOWNGRADE -> parts.metrics().downgraded(ProtocolRules.Side.BACKEND, protocol);
      case REFUSED -> {
        fail(new RelayException(502, "backend " + endpoint + " speaks " + protocol.policyName() + ", which the"
            + " transport policy does not allow (backend_protocols: " + String.join(", ",
                parts.protocols().allowed(ProtocolRules.Side.BACKEND)) + ")", "register the node's endpoint in an"
            + " allowed protocol (meshctl nodes update), or allow " + protocol.policyName() + " (meshctl policy set)"));
        return;
      }
    }
    answerDeadline = System.nanoTime() + parts.requestTimeout().toNanos();
    owner.answerDue(answerDeadline);
    send();
  }

  /** A slot and a channel to {@code endpoint}, then the head and whatever body is waiting. */
  private void send() {
    parts.backends().acquire(client.channel().eventLoop(), endpoint, this::onAcquired);
  }

  private void onAcquired(Backends.Lease acquired, RelayException failure) {
    if (answered) {
      if (acquired != null) {
        acquired.release(false);
      }
      return;
    }
    if (failure != null) {
      fail(failure);
      return;
    }
    lease = acquired;
    Channel backend = lease.channel();
    BackendInbound.attach(backend, this);
    if (http1Backend) {
      RawAnswers.expect(backend, answerAsBytes, HttpMethod.HEAD.equals(head.method()));
    }
    // A failed write reaches the exchange through the channel's pipeline (void promises fire
    // exceptionCaught: BackendInbound reports it); only the last write's end is awaited, and only
    // while more of the request is to be read after it.
    backend.write(requestHead(backend), unsent.isEmpty() ? lastWrite(backend) : backend.voidPromise());
    while (!unsent.isEmpty()) {
      HttpContent next = unsent.poll();
      backend.write(next, unsent.isEmpty() ? lastWrite(backend) : backend.voidPromise());
    }
    backend.flush();
    backend.read();
  }

  /**
   * The request's head for this send, with the route of the moment: as bytes to an HTTP/1.1 backend
   * when it can be ({@link ClientRequest#toBackendBytes}), else as an object (made once, then re-stamped).
   */
  private Object requestHead(Channel backend) {
    if (forwarded == null && http1Backend && !chunkedRequest) {
      ByteBuf bytes = head.toBackendBytes(owner.clientAddress(), table, route, backend.alloc());
      if (bytes != null) {
        return new RawHead(bytes);
      }
    }
    if (forwarded == null) {
      forwarded = head.toBackendObject(owner.clientAddress());
    }
    ProxyHeaders.route(forwarded, table, route);
    return forwarded;
  }

  /** The promise for the last write of a batch to {@code backend}: read more of the request once it is out. */
  private ChannelPromise lastWrite(Channel backend) {
    if (requestComplete) {
      return backend.voidPromise();
    }
    ChannelPromise written = backend.newPromise();
    written.addListener(f -> {
      sentOrFailed(f, backend);
      readMoreRequest(f);
    });
    return written;
  }

  /** The next piece of the request body, from the client (called by the connection's handler). */
  void onRequestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    bodyBytes += content.content().readableBytes();
    requestComplete |= last;
    if (answered) {
      content.release();
      if (answerWritten) {
        drainOrEnd();
      }
      return;
    }
    if (bodyBytes > parts.maxBodyBytes()) {
      content.release();
      fail(new RelayException(413, "the request body is larger than the relay's limit of " + parts.maxBodyBytes()
          + " bytes", "send a smaller body, or raise maxBodyBytes in the relay's config"));
      return;
    }
    keepForReplay(content);
    if (lease == null || discarding) {
      unsent.add(content);
      return;
    }
    Channel backend = lease.channel();
    if (content == LastHttpContent.EMPTY_LAST_CONTENT && http1Backend
        && !chunkedRequest) {
      // The end of an HTTP/1.1 request without a body, or with a Content-Length: not a byte on the wire
      // (the encoder only resets), so nothing to flush; the head went out with its own flush.
      backend.write(content, backend.voidPromise());
      return;
    }
    backend.writeAndFlush(content, lastWrite(backend));
  }

  /** A write to {@code backend} failed: the exchange hears of it if that is still its channel. */
  private void sentOrFailed(io.netty.util.concurrent.Future<? super Void> written, Channel backend) {
    if (!written.isSuccess() && lease != null && lease.channel() == backend) {
      onBackendFailed("cannot send the request to the backend: " + written.cause());
    }
  }

  private void readMoreRequest(io.netty.util.concurrent.Future<? super Void> written) {
    if (written.isSuccess() && !answered && !requestComplete) {
      client.read();
    }
  }

  private void keepForReplay(HttpContent content) {
    if (!replayable || retried) {
      return;
    }
    if (bodyBytes > parts.replayBufferBytes()) {
      replayable = false;
      releaseAll(replay);
      return;
    }
    replay.add(content.retainedDuplicate());
  }

  @Override
  public void onBackendMessage(Object message) {
    if (answered) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (message instanceof AnswerHead raw) {
      answerHead(raw);
      lease.channel().read();
      return;
    }
    if (message instanceof HttpResponse response && !answerHead(response)) {
      ReferenceCountUtil.release(message);
      return;
    }
    boolean last;
    Object piece;
    if (message instanceof AnswerBytes bytes) {
      last = bytes.last();
      piece = bytes.content();
    } else if (message instanceof HttpContent content) {
      last = content instanceof LastHttpContent;
      piece = content;
    } else {
      lease.channel().read();
      return;
    }
    if (last && backendKeepAlive) {
      // The connection goes back to its pool once this is written; a read pending from within this read
      // batch keeps the socket watched (a close noticed) without taking its read interest off and on.
      backendDone = true;
      lease.channel().read();
    }
    if (discarding) {
      ReferenceCountUtil.release(piece);
      if (last) {
        retry();
      } else {
        lease.channel().read();
      }
      return;
    }
    // Pieces of the answer are written as they come and flushed once per batch the backend's channel
    // read (onBackendReadComplete), the last at once: head and body usually leave in one write.
    ChannelFuture written = last ? client.writeAndFlush(piece) : client.write(piece);
    written.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        abort();
      } else if (last) {
        answeredInFull();
      } else if (!answered) {
        lease.channel().read();
      }
    });
  }

  @Override
  public void onBackendReadComplete() {
    if (answering && !answered) {
      client.flush();
    }
  }

  /** A plain answer's head, read as bytes: passed on as bytes, or (a 421 that can be retried) drained. */
  private void answerHead(AnswerHead answer) {
    try {
      if (!misdirected(answer.status(), answer.keepAlive())) {
        client.write(new RawHead(ProxyHeaders.incoming(answer, client.alloc(), table, route, keepAlive,
            servedByReplica)), client.voidPromise());
      }
    } finally {
      answer.release();
    }
  }

  /**
   * The answer's head came with status {@code code}: a 421 that can be retried is drained (true);
   * otherwise the answer is the client's from here on (false).
   */
  private boolean misdirected(int code, boolean backendKeepsAlive) {
    answerDeadline = 0;
    backendKeepAlive = backendKeepsAlive;
    if (code == HttpResponseStatus.MISDIRECTED_REQUEST.code() && !retried && requestComplete && replayable) {
      discarding = true;
      parts.metrics().misdirected(target.namespace());
      return true;
    }
    status = code;
    answering = true;
    return false;
  }

  /** The backend's answer head: passed on, or (a 421 that can be retried) drained. False: dropped. */
  private boolean answerHead(HttpResponse response) {
    int code = response.status().code();
    if (code / 100 == 1 && code != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      lease.channel().read(); // an interim answer (100 Continue, 103): the relay answered those itself
      return false;
    }
    if (misdirected(code, HttpUtil.isKeepAlive(response))) {
      return true;
    }
    keepAlive = ProxyHeaders.incoming(response, head, table, route, keepAlive);
    if (servedByReplica) {
      response.headers().set(ProxyHeaders.SERVED_BY_REPLICA, "true");
    }
    if (!(response instanceof HttpContent)) {
      // A failed write closes the client connection (exceptionCaught), which aborts the exchange.
      client.write(response, client.voidPromise());
    }
    return true;
  }

  /** After a drained 421: a fresh linearizable table, then the same request once more. */
  private void retry() {
    lease.release(backendKeepAlive);
    lease = null;
    discarding = false;
    retried = true;
    unsent.addAll(replay);
    replay.clear();
    parts.routing().refresh().whenComplete((fresh, failure) -> client.executor().execute(() -> {
      if (!answered) {
        start(failure == null ? fresh : parts.routing().current());
      }
    }));
  }

  private void answeredInFull() {
    parts.metrics().answered(target.namespace(), endpoint, status, System.nanoTime() - started);
    answered = true;
    answerWritten = true;
    lease.release(backendKeepAlive && requestComplete && unsent.isEmpty());
    lease = null;
    drainOrEnd();
  }

  /** The answer is out; once the request is read in full the exchange is over. */
  private void drainOrEnd() {
    if (requestComplete) {
      end(!keepAlive);
    } else if (bodyBytes > parts.maxBodyBytes()) {
      end(true);
    } else {
      client.read();
    }
  }

  /**
   * The owner's timer, at or after the deadline it was told of: a backend that has not begun its answer
   * by now gets the exchange answered 504. Returns the deadline still awaited (a later one after a 421's
   * retry), 0 when none.
   */
  long checkDeadline(long nowNanos) {
    if (answerDeadline != 0 && nowNanos - answerDeadline >= 0) {
      answerDeadline = 0;
      timedOut();
    }
    return answerDeadline;
  }

  private void timedOut() {
    if (!answering && !answered) {
      fail(new RelayException(504, "backend " + endpoint + " did not answer within "
          + parts.requestTimeout().toMillis() + " ms", "the owner is slow or stuck; retry, or raise requestTimeout"));
    }
  }

  @Override
  public void onBackendFailed(String why) {
    if (answered || backendDone) {
      return;
    }
    if (answering) {
      abort(); // part of the answer went out: the client must see it broke
    } else if (mayResend()) {
      resend();
    } else {
      fail(new RelayException(502, why + " (backend " + endpoint + ")", "retry; check the owner's data endpoint"));
    }
  }

  /**
   * A kept-alive connection the backend closed just as the request went out (the classic race with
   * its idle timeout): an idempotent request whose body is all kept may go once more on a new one.
   */
  private boolean mayResend() {
    return !resent && !discarding && lease != null && lease.reused() && replayable && !retried
        && Destinations.IDEMPOTENT.contains(head.method());
  }

  private void resend() {
    resent = true;
    lease.release(false);
    lease = null;
    replay.forEach(c -> unsent.add(c.retainedDuplicate()));
    send();
  }

  /** The relay answers itself (before any of the backend's answer went out). */
  void fail(RelayException e) {
    if (answering) {
      abort();
      return;
    }
    dropBackend();
    parts.metrics().answered(target.namespace(), endpoint, e.status(), System.nanoTime() - started);
    client.writeAndFlush(ErrorAnswers.of(e, table == null ? parts.routing().current() : table,
        route, keepAlive)).addListener((ChannelFutureListener) f -> {
          if (f.isSuccess()) {
            answerWritten = true;
            drainOrEnd();
          } else {
            end(true);
          }
        });
  }

  /** Something broke mid-way (the client went away, the answer was cut): close both sides. */
  void abort() {
    if (over) {
      return;
    }
    dropBackend();
    end(true);
  }

  /** No more from or to a backend: the timeout off, the backend's channel closed and its slot given back. */
  private void dropBackend() {
    answered = true;
    answerDeadline = 0;
    if (lease != null) {
      lease.release(false);
      lease = null;
    }
  }

  private void end(boolean closeClient) {
    if (!over) {
      over = true;
      releaseAll(unsent);
      releaseAll(replay);
      head.release();
      owner.exchangeDone(closeClient);
    }
  }

  private static void releaseAll(java.util.Collection<HttpContent> contents) {
    contents.forEach(ReferenceCountUtil::release);
    contents.clear();
  }
}
