package io.meshkit.access.policy;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.raft.CommandRejectedException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stateless checks of a policy before it is proposed (and again by the leader): known protocol and
 * encoding names, no name twice, {@code identity} among the encodings of a non-empty list (a client
 * that compresses nothing must always get through, meshctl included).
 */
public final class TransportPolicyValidation {
  private TransportPolicyValidation() {}

  public static void check(TransportPolicy policy) throws CommandRejectedException {
    names("client_protocols", policy.getClientProtocolsList(), TransportProtocols.PROTOCOLS);
    names("backend_protocols", policy.getBackendProtocolsList(), TransportProtocols.PROTOCOLS);
    names("grpc_encodings", policy.getGrpcEncodingsList(), TransportProtocols.ENCODINGS);
    if (policy.getGrpcEncodingsCount() > 0 && !policy.getGrpcEncodingsList().contains(TransportProtocols.IDENTITY)) {
      throw invalid("grpc_encodings " + policy.getGrpcEncodingsList() + " does not allow identity: clients that"
          + " compress nothing (meshctl, most programs) would be refused", "add identity to grpc_encodings");
    }
  }

  private static void names(String field, List<String> names, List<String> known) throws CommandRejectedException {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!known.contains(name)) {
        throw invalid(field + " names " + (name.isEmpty() ? "an empty name" : "'" + name + "'") + ", which is not one"
            + " of " + known, "use only " + String.join(", ", known));
      }
      if (!seen.add(name)) {
        throw invalid(field + " names " + name + " twice", "list each once, most preferred first");
      }
    }
  }

  private static CommandRejectedException invalid(String message, String hint) {
    return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message, hint);
  }
}
