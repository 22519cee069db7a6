package io.meshkit.cli;

import io.meshkit.proto.v1.GetPolicyResponse;
import io.meshkit.proto.v1.PolicyViolation;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.proto.v1.ValidateConfigResponse;
import java.util.List;

/** The documents of {@code meshctl policy} and {@code meshctl config validate} ({@code -o json|yaml}). */
final class PolicyViews {
  private PolicyViews() {}

  record Policy(boolean requireTls, List<String> clientProtocols, List<String> backendProtocols,
      List<String> grpcEncodings) {
    static Policy of(TransportPolicy p) {
      return new Policy(p.getRequireTls(), p.getClientProtocolsList(), p.getBackendProtocolsList(),
          p.getGrpcEncodingsList());
    }
  }

  record Violation(String setting, String problem, String fix) {
    static List<Violation> of(List<PolicyViolation> violations) {
      return violations.stream().map(v -> new Violation(v.getSetting(), v.getProblem(), v.getFix())).toList();
    }
  }

  /** {@code policy get|set}: the policy, and the violations of the member that answered. */
  record Current(String member, Policy policy, List<Violation> memberViolations) {
    static Current of(GetPolicyResponse r) {
      return new Current(r.getHeader().getMemberId(), Policy.of(r.getPolicy()), Violation.of(r.getMemberViolationsList()));
    }
  }

  /** {@code config validate}. */
  record Validation(String file, String kind, Policy policy, List<Violation> violations) {
    static Validation of(String file, String kind, ValidateConfigResponse r) {
      return new Validation(file, kind, Policy.of(r.getPolicy()), Violation.of(r.getViolationsList()));
    }
  }
}
