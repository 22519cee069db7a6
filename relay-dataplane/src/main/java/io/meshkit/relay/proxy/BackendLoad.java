package io.meshkit.relay.proxy;

/**
 * One backend's load at one moment, as the relay sees it.
 *
 * @param endpoint the backend's data endpoint ("host:port")
 * @param inFlight requests sent to it and not yet fully answered
 * @param queued requests waiting for one of its connections (or streams) to be free
 * @param limit the most requests in flight at once ({@code maxConnectionsPerBackend})
 * @param rejected requests refused since the start because its queue was full (503)
 */
public record BackendLoad(String endpoint, int inFlight, int queued, int limit, long rejected) {}
