package io.meshkit.jepsen;

/**
 * What a relay answered to one HTTP request: the value of an OK {@link OpFunction#RELAY_GET}. Any
 * HTTP status is an answer — the backend's (forwarded) or the relay's own (400, 502, 503, 504) — and
 * carries the relay's route headers when the relay stamped them.
 *
 * @param status the HTTP status code
 * @param routeRevision the {@code x-meshkit-route-revision} header: the revision of the routing table
 *     the relay routed by; null when the answer had none
 * @param shard the {@code x-meshkit-shard} header ({@code namespace/shard}); null when absent
 */
public record RelayAnswer(int status, Long routeRevision, String shard) {
  /** Whether the answer says which routing table it was routed by. */
  public boolean hasRevision() {
    return routeRevision != null;
  }

  @Override
  public String toString() {
    return status + (routeRevision == null ? " (no revision)" : " at revision " + routeRevision)
        + (shard == null ? "" : " " + shard);
  }
}
