package io.meshkit.server;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;

/** The token of an {@code authorization: Bearer <token>} header (gRPC metadata or HTTP), the same on both edges. */
final class BearerHeader {
  private static final String BEARER = "Bearer ";

  private BearerHeader() {}

  /**
   * @throws MeshException UNAUTHENTICATED when the header is not a bearer token
   */
  static String token(String header) {
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new MeshException(ErrorCode.UNAUTHENTICATED, "the authorization header is not \"Bearer <token>\"",
          "send the token meshctl auth token create printed, as \"Bearer mktok...\"");
    }
    return header.substring(BEARER.length()).strip();
  }
}
