package io.meshkit.samples.shardservice;

import com.sun.net.httpserver.Headers;

/**
 * The route a relay chose for a request, from the headers it adds: {@code x-meshkit-shard}
 * ({@code <namespace>/<id>}), {@code x-meshkit-route-revision} (the revision of the table that routed
 * it) and the client's {@code x-meshkit-shard-key} (informational; may be absent when the key came
 * from the path or query).
 */
record RelayRoute(String namespace, int shard, long revision, String key) {

  /** The route of a request, or null when it carries no well-formed {@code x-meshkit-shard}. */
  static RelayRoute of(Headers headers) {
    String shard = headers.getFirst("x-meshkit-shard");
    int slash = shard == null ? -1 : shard.lastIndexOf('/');
    if (slash <= 0) {
      return null;
    }
    try {
      String key = headers.getFirst("x-meshkit-shard-key");
      return new RelayRoute(shard.substring(0, slash), Integer.parseInt(shard.substring(slash + 1)),
          number(headers.getFirst("x-meshkit-route-revision")), key == null ? "" : key);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long number(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
