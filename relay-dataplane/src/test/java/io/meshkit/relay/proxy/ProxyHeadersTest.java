package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.Node;
import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hop-by-hop headers stop at the relay both ways; end-to-end ones pass; the relay's own are added. */
class ProxyHeadersTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("10.1.2.3", 40000);

  @Test
  void aRequestLosesItsHopByHopHeadersAndGainsForwardedOnes() {
    HttpRequest in = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders?id=7");
    in.headers().add("Host", "shop.example")
        .add("Connection", "close, X-Trace-Hop")
        .add("connection", "X-Second-Hop")
        .add("X-Trace-Hop", "1")
        .add("x-second-hop", "2")
        .add("Keep-Alive", "timeout=5")
        .add("TE", "trailers")
        .add("Upgrade", "websocket")
        .add("Proxy-Connection", "keep-alive")
        .add("Proxy-Authorization", "Basic eDp5")
        .add("Expect", "100-continue")
        .add("Transfer-Encoding", "chunked")
        .add("X-Forwarded-For", "192.0.2.9")
        .add("x-meshkit-shard-key", "k1")
        .add("Accept", "application/json");

    HttpHeaders out = ProxyHeaders.outgoing(in, ProxyHeaders.addressText(CLIENT)).headers();

    for (String gone : List.of("Connection", "X-Trace-Hop", "X-Second-Hop", "Keep-Alive", "TE", "Upgrade",
        "Proxy-Connection", "Proxy-Authorization", "Expect")) {
      assertFalse(out.contains(gone), gone + " went on to the backend");
    }
    assertEquals("chunked", out.get("transfer-encoding"), "a body of unknown length is sent chunked");
    assertEquals("192.0.2.9, 10.1.2.3", out.get("x-forwarded-for"));
    assertEquals("shop.example", out.get("x-forwarded-host"));
    assertEquals("http", out.get("x-forwarded-proto"));
    assertEquals("k1", out.get("x-meshkit-shard-key"));
    assertEquals("application/json", out.get("accept"));
    assertEquals("shop.example", out.get("host"));
  }

  @Test
  void aPlainRequestKeepsEverythingAndGetsOneOfEachForwardedHeader() {
    HttpRequest in = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    in.headers().add("Host", "a.example").add("x-forwarded-proto", "https").add("Accept", "*/*");

    HttpHeaders out = ProxyHeaders.outgoing(in, ProxyHeaders.addressText(CLIENT)).headers();

    assertEquals(List.of("10.1.2.3"), out.getAll("x-forwarded-for"));
    assertEquals(List.of("a.example"), out.getAll("x-forwarded-host"));
    assertEquals(List.of("https"), out.getAll("x-forwarded-proto"), "a proto the client's proxy set is kept");
    assertEquals("*/*", out.get("accept"));
    assertEquals(5, out.size());
  }

  @Test
  void anAnswerLosesItsHopByHopHeadersAndCarriesTheRoute() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().add("Content-Length", "3")
        .add("Connection", "keep-alive, X-Backend-Hop")
        .add("X-Backend-Hop", "1")
        .add("Keep-Alive", "timeout=60")
        .add("Content-Type", "text/plain")
        .add("x-meshkit-shard", "forged/0");
    Route route = new Route("orders", 3, 12, Node.newBuilder().setId("node-1").build(), List.of(), 0);

    boolean stays = ProxyHeaders.incoming(response, new DecodedRequest(request), RoutingTable.empty(), route, true);

    HttpHeaders out = response.headers();
    assertTrue(stays);
    assertNull(out.get("x-backend-hop"));
    assertNull(out.get("keep-alive"));
    assertNull(out.get("connection"), "HTTP/1.1 keeps alive without saying so");
    assertEquals("3", out.get("content-length"));
    assertEquals("text/plain", out.get("content-type"));
    assertEquals(List.of("orders/3"), out.getAll("x-meshkit-shard"), "the relay's route replaces a backend's");
    assertEquals("0", out.get("x-meshkit-route-revision"));
  }
}
