package io.meshkit.server;

import io.meshkit.access.policy.TransportPolicyView;
import io.meshkit.proto.v1.PolicyViolation;
import io.meshkit.proto.v1.TransportPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's own configuration checked against the transport policy: once the policy is first
 * read after start, and again whenever it changes ({@link TransportPolicyView}). Each violation is
 * logged once (as a warning, naming the setting and the fix) for as long as it lasts; the current ones
 * are in the gauge {@code meshkit.transport.policy.violations}, {@code GET /control/policy} and
 * {@code Policy.GetPolicy}. The member keeps running: a violation is reported, not enforced, so a
 * policy change cannot take a quorum down.
 */
final class MemberPolicyCompliance {
  private static final Logger LOG = LoggerFactory.getLogger(MemberPolicyCompliance.class);

  private final String memberId;
  private final ServerConfig.Resolved config;
  private final TransportPolicyView view;
  /** Replaced whole on the view's thread; read by any. */
  private volatile List<PolicyViolation> current = List.of();

  private MemberPolicyCompliance(ServerConfig.Resolved config, TransportPolicyView view) {
    this.memberId = config.self().id();
    this.config = config;
    this.view = view;
  }

  /** Checks now and on every change of {@code view}'s policy; registers the gauge on {@code meters}. */
  static MemberPolicyCompliance follow(ServerConfig.Resolved config, TransportPolicyView view, MeterRegistry meters) {
    MemberPolicyCompliance compliance = new MemberPolicyCompliance(config, view);
    Gauge.builder("meshkit.transport.policy.violations", compliance, c -> c.current.size())
        .description("settings of this member's configuration the transport policy does not allow")
        .register(meters);
    view.onChange(compliance::check);
    return compliance;
  }

  /** The violations of the policy as this member last read it. */
  List<PolicyViolation> violations() {
    return current;
  }

  /** What {@code policy} would make of this member's configuration. */
  List<PolicyViolation> violationsOf(TransportPolicy policy) {
    return TransportPolicyCheck.member(policy, config);
  }

  TransportPolicy policy() {
    return view.policy();
  }

  private void check(TransportPolicy policy) {
    List<PolicyViolation> found = List.copyOf(violationsOf(policy));
    Set<String> before = new HashSet<>();
    current.forEach(v -> before.add(v.getSetting() + v.getProblem()));
    for (PolicyViolation v : found) {
      if (!before.contains(v.getSetting() + v.getProblem())) {
        LOG.warn("member {} violates the transport policy: {}: {}; fix: {}", memberId, v.getSetting(),
            v.getProblem(), v.getFix());
      }
    }
    if (found.isEmpty() && !current.isEmpty()) {
      LOG.info("member {} now complies with the transport policy", memberId);
    }
    current = found;
  }
}
