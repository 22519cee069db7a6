package io.meshkit.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the endpoint lists operators type ({@code 127.0.0.1:7001,127.0.0.1:7002}) into gRPC
 * targets. Accepts {@code host:port} and {@code [ipv6]:port}; rejects anything else with a message
 * that names the bad entry and shows the expected form.
 */
public final class Endpoints {
  private Endpoints() {}

  /** Splits a comma-separated list; blank entries are ignored, an empty list is an error. */
  public static List<String> parse(String commaSeparated) {
    if (commaSeparated == null) {
      throw new IllegalArgumentException("no endpoints given: expected host:port[,host:port...], e.g. 127.0.0.1:7001");
    }
    List<String> endpoints = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        endpoints.add(validate(part.strip()));
      }
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no endpoints given: expected host:port[,host:port...], e.g. 127.0.0.1:7001");
    }
    return List.copyOf(endpoints);
  }

  /** Returns {@code endpoint} when it is a usable {@code host:port}; throws otherwise. */
  public static String validate(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    String host = colon > 0 ? endpoint.substring(0, colon) : "";
    String port = colon > 0 ? endpoint.substring(colon + 1) : "";
    if (endpoint.contains("://")) {
      throw bad(endpoint, "drop the scheme");
    }
    if (host.isEmpty() || host.contains("/") || (host.contains(":") && !(host.startsWith("[") && host.endsWith("]")))) {
      throw bad(endpoint, "write the host, a colon and the port (IPv6 hosts in brackets: [::1]:7001)");
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw bad(endpoint, "the port must be a number");
    }
    if (number < 1 || number > 65535) {
      throw bad(endpoint, "the port must be between 1 and 65535");
    }
    return endpoint;
  }

  private static IllegalArgumentException bad(String endpoint, String fix) {
    return new IllegalArgumentException(
        "invalid endpoint '" + endpoint + "': expected host:port, e.g. 127.0.0.1:7001; " + fix);
  }
}
