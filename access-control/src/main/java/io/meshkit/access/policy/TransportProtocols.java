package io.meshkit.access.policy;

import java.util.List;

/** The names a {@code TransportPolicy} uses for protocols and encodings. */
public final class TransportProtocols {
  /** HTTP/2 over TLS. */
  public static final String H2 = "h2";
  /** HTTP/1.1 (or 1.0), with or without TLS. */
  public static final String HTTP1 = "http1.1";
  /** HTTP/2 over cleartext (prior knowledge or {@code Upgrade: h2c}). */
  public static final String H2C = "h2c";
  /** Every protocol name, in a fixed order (metric tags, messages). */
  public static final List<String> PROTOCOLS = List.of(H2, HTTP1, H2C);

  public static final String IDENTITY = "identity";
  public static final String GZIP = "gzip";
  /** The gRPC message encodings members can decode. */
  public static final List<String> ENCODINGS = List.of(IDENTITY, GZIP);

  private TransportProtocols() {}
}
