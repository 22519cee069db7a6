package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Namespace by host, path prefix or header; key by header, path segment or query parameter. */
class RouteRulesTest {
  private static final RouteRules RULES = new RouteRules(List.of(
      new RouteRules.NamespaceRule("orders", "orders.example.com", "", ""),
      new RouteRules.NamespaceRule("users", "", "/users", ""),
      new RouteRules.NamespaceRule("", "", "", "x-meshkit-namespace")), RouteRules.DEFAULT_KEY_HEADER, 0, "key");

  /** A GET of {@code uri} with {@code headers} (name, value, ...), as the front reads it. */
  private static Request request(String uri, String... headers) {
    StringBuilder head = new StringBuilder("GET ").append(uri).append(" HTTP/1.1\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    return new Request(head.append("\r\n").toString());
  }

  /** A request head in both of the relay's readings: its bytes ({@link RequestHead}) and Netty's decoding. */
  private record Request(String head) {}

  /**
   * The target {@code rules} find for {@code request}, read both ways: the two must agree, on the target
   * or on the refusal (its status and message); a refusal is thrown.
   */
  private static RouteRules.Target target(RouteRules rules, Request request) {
    ByteBuf bytes = RawAnswersTest.ascii(request.head());
    RequestHead raw = RequestHead.parse(bytes, 0, bytes.readableBytes());
    bytes.release();
    assertNotNull(raw, () -> "not read as bytes: " + request.head());
    try {
      Object asBytes = outcome(rules, raw);
      assertEquals(outcome(rules, new DecodedRequest(RawRequestsTest.decoded(request.head()))), asBytes,
          "the byte head and the decoded one route alike");
      if (asBytes instanceof Refusal r) {
        throw new RelayException(r.status(), r.message(), r.hint());
      }
      return (RouteRules.Target) asBytes;
    } finally {
      raw.release();
    }
  }

  /** The target, or the refusal as its status and message (comparable). */
  private static Object outcome(RouteRules rules, ClientRequest request) {
    try {
      return rules.target(request);
    } catch (RelayException e) {
      return new Refusal(e);
    }
  }

  private record Refusal(int status, String message, String hint) {
    Refusal(RelayException e) {
      this(e.status(), e.getMessage(), e.hint());
    }
  }

  @Test
  void theFirstMatchingRuleNamesTheNamespace() {
    assertEquals("orders", target(RULES, request("/x?key=1", "host", "Orders.Example.com:8080")).namespace());
    assertEquals("users", target(RULES, request("/users/42")).namespace());
    assertEquals("billing", target(RULES, request("/b?key=1", "x-meshkit-namespace", "billing")).namespace());
    assertEquals("users", target(RULES, request("/users", "x-meshkit-shard-key", "k")).namespace());
    assertEquals(400, assertThrows(RelayException.class, () -> target(RULES, request("/usersX/1"))).status(),
        "a prefix matches whole segments");
  }

  @Test
  void theKeyComesFromTheHeaderThenThePathSegmentThenTheQuery() {
    assertEquals("h", target(RULES, request("/users/42?key=q", "x-meshkit-shard-key", "h")).key());
    assertEquals("42", target(RULES, request("/users/42?key=q")).key(), "segment 0 after the prefix");
    assertEquals("a b", target(RULES, request("/users/a%20b")).key());
    assertEquals("q", target(RULES, request("/users?key=q")).key());
    RelayException none = assertThrows(RelayException.class, () -> target(RULES, request("/users")));
    assertEquals(400, none.status());
    assertTrue(none.hint().contains("header x-meshkit-shard-key") && none.hint().contains("query parameter key"),
        none.hint());
  }

  @Test
  void aRequestNoRuleMatchesIsRefusedWithAHint() {
    RelayException e = assertThrows(RelayException.class, () -> target(RouteRules.byHeaders("x-ns"),
        request("/", "x-meshkit-shard-key", "k")));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("no route rule matches"), e.getMessage());
  }
}
