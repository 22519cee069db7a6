package io.meshkit.relay.proxy;

import static io.meshkit.relay.proxy.ProtocolRules.Protocol.H2;
import static io.meshkit.relay.proxy.ProtocolRules.Protocol.H2C;
import static io.meshkit.relay.proxy.ProtocolRules.Protocol.HTTP1;
import static io.meshkit.relay.proxy.ProtocolRules.Side.BACKEND;
import static io.meshkit.relay.proxy.ProtocolRules.Side.CLIENT;
import static io.meshkit.relay.proxy.ProtocolRules.Verdict.DOWNGRADE;
import static io.meshkit.relay.proxy.ProtocolRules.Verdict.PREFERRED;
import static io.meshkit.relay.proxy.ProtocolRules.Verdict.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRulesTest {
  @Test
  void firstIsPreferredOthersListedAreDowngradesTheRestRefused() {
    ProtocolRules rules = new ProtocolRules();
    assertEquals(List.of(PREFERRED, PREFERRED, PREFERRED), List.of(rules.judge(CLIENT, H2), rules.judge(CLIENT, HTTP1),
        rules.judge(BACKEND, H2C)));
    rules.set(List.of("h2", "http1.1"), List.of("h2c"));
    assertEquals(List.of(PREFERRED, DOWNGRADE, REFUSED), List.of(rules.judge(CLIENT, H2), rules.judge(CLIENT, HTTP1),
        rules.judge(CLIENT, H2C)));
    assertEquals(List.of(PREFERRED, REFUSED), List.of(rules.judge(BACKEND, H2C), rules.judge(BACKEND, HTTP1)));
    assertEquals(List.of("h2", "http1.1"), rules.allowed(CLIENT));
    rules.set(List.of(), List.of());
    assertEquals(PREFERRED, rules.judge(BACKEND, HTTP1));
  }
}
