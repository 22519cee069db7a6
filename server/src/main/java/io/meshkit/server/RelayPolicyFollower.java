package io.meshkit.server;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.PolicyViolation;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.relay.proxy.ProtocolRules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's view of the transport policy: {@link #poll} reads it through the Policy API (the relay's
 * cluster client; a relay is not a member and has no store to watch) and, when it changed, hands the
 * protocol lists to the proxy's {@link ProtocolRules} and checks the relay's own configuration,
 * logging each violation once per change and counting them in {@code meshkit.transport.policy.violations}.
 * Until the first answer the proxy allows everything; while the cluster cannot be reached the last policy
 * read stays in force. Polled on one thread.
 */
final class RelayPolicyFollower {
  private static final Logger LOG = LoggerFactory.getLogger(RelayPolicyFollower.class);

  private final MeshkitClient client;
  private final ProtocolRules rules;
  private final Function<TransportPolicy, List<PolicyViolation>> ownViolations;
  private volatile TransportPolicy current;
  private volatile List<PolicyViolation> violations = List.of();

  /** @param ownViolations what a policy makes of this relay's configuration */
  RelayPolicyFollower(MeshkitClient client, ProtocolRules rules,
      Function<TransportPolicy, List<PolicyViolation>> ownViolations, MeterRegistry meters) {
    this.client = client;
    this.rules = rules;
    this.ownViolations = ownViolations;
    Gauge.builder("meshkit.transport.policy.violations", this, f -> f.violations.size())
        .description("settings of this relay's configuration the transport policy does not allow").register(meters);
  }

  /** Reads the policy and applies it if it changed; never throws (a failed read is tried at the next poll). */
  void poll() {
    TransportPolicy policy;
    try {
      policy = client.policy().get().getPolicy();
    } catch (RuntimeException e) {
      LOG.debug("could not read the transport policy ({}); keeping the last one", e.toString());
      return;
    }
    if (policy.equals(current)) {
      return;
    }
    current = policy;
    rules.set(policy.getClientProtocolsList(), policy.getBackendProtocolsList());
    violations = List.copyOf(ownViolations.apply(policy));
    LOG.info("transport policy: client protocols {}, backend protocols {}", names(policy.getClientProtocolsList()),
        names(policy.getBackendProtocolsList()));
    for (PolicyViolation v : violations) {
      LOG.warn("this relay violates the transport policy: {}: {}; fix: {}", v.getSetting(), v.getProblem(),
          v.getFix());
    }
  }

  List<PolicyViolation> violations() {
    return violations;
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "any" : String.join(", ", names);
  }
}
