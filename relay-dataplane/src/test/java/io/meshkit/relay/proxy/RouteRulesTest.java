package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Namespace by host, path prefix or header; key by header, path segment or query parameter. */
class RouteRulesTest {
  private static final RouteRules RULES = new RouteRules(List.of(
      new RouteRules.NamespaceRule("orders", "orders.example.com", "", ""),
      new RouteRules.NamespaceRule("users", "", "/users", ""),
      new RouteRules.NamespaceRule("", "", "", "x-meshkit-namespace")), RouteRules.DEFAULT_KEY_HEADER, 0, "key");

  private static HttpRequest request(String uri, String... headers) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().set(headers[i], headers[i + 1]);
    }
    return r;
  }

  @Test
  void theFirstMatchingRuleNamesTheNamespace() {
    assertEquals("orders", RULES.target(request("/x?key=1", "host", "Orders.Example.com:8080")).namespace());
    assertEquals("users", RULES.target(request("/users/42")).namespace());
    assertEquals("billing", RULES.target(request("/b?key=1", "x-meshkit-namespace", "billing")).namespace());
    assertEquals("users", RULES.target(request("/users", "x-meshkit-shard-key", "k")).namespace());
    assertEquals(400, assertThrows(RelayException.class, () -> RULES.target(request("/usersX/1"))).status(),
        "a prefix matches whole segments");
  }

  @Test
  void theKeyComesFromTheHeaderThenThePathSegmentThenTheQuery() {
    assertEquals("h", RULES.target(request("/users/42?key=q", "x-meshkit-shard-key", "h")).key());
    assertEquals("42", RULES.target(request("/users/42?key=q")).key(), "segment 0 after the prefix");
    assertEquals("a b", RULES.target(request("/users/a%20b")).key());
    assertEquals("q", RULES.target(request("/users?key=q")).key());
    RelayException none = assertThrows(RelayException.class, () -> RULES.target(request("/users")));
    assertEquals(400, none.status());
    assertTrue(none.hint().contains("header x-meshkit-shard-key") && none.hint().contains("query parameter key"),
        none.hint());
  }

  @Test
  void aRequestNoRuleMatchesIsRefusedWithAHint() {
    RelayException e = assertThrows(RelayException.class, () -> RouteRules.byHeaders("x-ns")
        .target(request("/", "x-meshkit-shard-key", "k")));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("no route rule matches"), e.getMessage());
  }
}
