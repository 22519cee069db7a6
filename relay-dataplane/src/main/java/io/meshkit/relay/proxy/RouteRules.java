package io.meshkit.relay.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which namespace and shard key a request is for. Namespaces come from the first matching rule: a
 * host (the {@code Host} header without port), a path prefix, or a header's value; the key from a
 * header (default {@value #DEFAULT_KEY_HEADER}), else a path segment (0-based, after the matched
 * prefix), else a query parameter — whichever the configuration names, tried in that order.
 *
 * @param namespaces tried in order; the first that matches wins
 * @param keyHeader header holding the key ("" = none)
 * @param keySegment index of the path segment holding the key, after a rule's path prefix (-1 = none)
 * @param keyQuery query parameter holding the key ("" = none)
 */
public record RouteRules(List<NamespaceRule> namespaces, String keyHeader, int keySegment, String keyQuery) {
  public static final String DEFAULT_KEY_HEADER = "x-meshkit-shard-key";

  /**
   * One way to tell a request's namespace. Exactly one of {@code host}, {@code pathPrefix},
   * {@code header} is set; a {@code header} rule takes the namespace from that header's value when
   * {@code namespace} is empty, else matches when the header is present.
   */
  public record NamespaceRule(String namespace, String host, String pathPrefix, String header) {}

  /** What a request is for. */
  public record Target(String namespace, String key, String pathPrefix) {}

  public RouteRules {
    namespaces = List.copyOf(namespaces);
  }

  /** Rules that take the namespace from {@code header} and the key from {@value #DEFAULT_KEY_HEADER}. */
  public static RouteRules byHeaders(String namespaceHeader) {
    return new RouteRules(List.of(new NamespaceRule("", "", "", namespaceHeader)), DEFAULT_KEY_HEADER, -1, "");
  }

  /**
   * The request's namespace and key.
   *
   * @throws RelayException 400 naming what is missing and how to send it
   */
  Target target(ClientRequest request) {
    Uri uri = new Uri(request);
    for (NamespaceRule rule : namespaces) {
      Optional<String> ns = match(rule, request, uri);
      if (ns.isPresent()) {
        return new Target(ns.get(), key(request, uri, rule.pathPrefix()), rule.pathPrefix());
      }
    }
    throw new RelayException(400, "no route rule matches this request (host " + request.header(HttpHeaderNames.HOST)
        + ", path " + uri.decoded().path() + ")", "send the namespace the way the relay's"
        + " routes expect it: see GET /control/routes on the relay's admin port");
  }

  /** A request's URI, decoded on first use: rules that read only headers never pay for it. */
  private static final class Uri {
    private final ClientRequest request;
    private QueryStringDecoder decoded;

    Uri(ClientRequest request) {
      this.request = request;
    }

    QueryStringDecoder decoded() {
      if (decoded == null) {
        decoded = new QueryStringDecoder(request.uri());
      }
      return decoded;
    }
  }

  private static Optional<String> match(NamespaceRule rule, ClientRequest request, Uri uri) {
    if (!rule.host().isEmpty()) {
      String host = java.util.Objects.requireNonNullElse(request.header(HttpHeaderNames.HOST), "");
      int colon = host.lastIndexOf(':');
      String name = (colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
      return name.equals(rule.host().toLowerCase(Locale.ROOT)) ? Optional.of(rule.namespace()) : Optional.empty();
    }
    if (!rule.pathPrefix().isEmpty()) {
      String path = uri.decoded().path();
      return path.equals(rule.pathPrefix()) || path.startsWith(rule.pathPrefix().endsWith("/") ? rule.pathPrefix()
          : rule.pathPrefix() + "/") ? Optional.of(rule.namespace()) : Optional.empty();
    }
    if (!rule.header().isEmpty()) {
      String value = request.header(rule.header());
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      return Optional.of(rule.namespace().isEmpty() ? value.strip() : rule.namespace());
    }
    return Optional.empty();
  }

  private String key(ClientRequest request, Uri uri, String prefix) {
    if (!keyHeader.isEmpty()) {
      String value = request.header(keyHeader);
      if (value != null) {
        return value;
      }
    }
    if (keySegment >= 0) {
      String path = uri.decoded().path();
      String rest = path.substring(Math.min(prefix.length(), path.length()));
      List<String> segments = java.util.Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).toList();
      if (keySegment < segments.size()) {
        return QueryStringDecoder.decodeComponent(segments.get(keySegment));
      }
    }
    if (!keyQuery.isEmpty()) {
      List<String> values = uri.decoded().parameters().get(keyQuery);
      if (values != null && !values.isEmpty()) {
        return values.get(0);
      }
    }
    throw new RelayException(400, "no shard key in the request", "send it in the " + describeKey());
  }

  private String describeKey() {
    List<String> ways = new java.util.ArrayList<>();
    if (!keyHeader.isEmpty()) {
      ways.add("header " + keyHeader);
    }
    if (keySegment >= 0) {
      ways.add("path segment " + keySegment);
    }
    if (!keyQuery.isEmpty()) {
      ways.add("query parameter " + keyQuery);
    }
    return String.join(", or the ", ways);
  }
}
