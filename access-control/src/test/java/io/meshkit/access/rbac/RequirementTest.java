package io.meshkit.access.rbac;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequirementTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Requirement kv(Access access, String key, byte[] end) {
    return Requirement.keys(Apis.KV, access, b(key), end);
  }

  @Test
  void aPrefixCoversSingleKeysUnderIt() {
    assertTrue(kv(Access.READ, "app/x", null).coveredBy(b("app/")));
    assertTrue(kv(Access.READ, "app/", null).coveredBy(b("app/")));
    assertFalse(kv(Access.READ, "ap", null).coveredBy(b("app/")));
    assertFalse(kv(Access.READ, "apq/x", null).coveredBy(b("app/")));
    assertTrue(kv(Access.READ, "anything", null).coveredBy(b("")));
  }

  @Test
  void aRangeIsCoveredOnlyWhenItEndsWithinThePrefix() {
    assertTrue(kv(Access.READ, "app/", b("app0")).coveredBy(b("app/")), "exactly the prefix");
    assertTrue(kv(Access.READ, "app/a", b("app/b")).coveredBy(b("app/")));
    assertFalse(kv(Access.READ, "app/a", b("app1")).coveredBy(b("app/")), "ends past the prefix");
    assertFalse(kv(Access.READ, "app/", new byte[] {0}).coveredBy(b("app/")), "every key from app/ on");
    assertTrue(kv(Access.READ, "app/", new byte[] {0}).coveredBy(b("")), "the empty prefix spans everything");
    assertTrue(kv(Access.READ, "k", new byte[0]).coveredBy(b("k")), "an empty range end is the single key");
  }

  @Test
  void aPrefixEndingInFfBytesStillBoundsItsRange() {
    byte[] prefix = {'a', (byte) 0xff};
    assertTrue(new Requirement(Apis.KV, Access.READ, prefix, new byte[] {'b'}).coveredBy(prefix));
    assertFalse(new Requirement(Apis.KV, Access.READ, prefix, new byte[] {'c'}).coveredBy(prefix));
  }

  @Test
  void writeIncludesReadAndTheStarApiCoversEveryApi() {
    Role writer = Role.newBuilder().setName("w").addPermissions(Permission.newBuilder().setApi(Apis.KV)
        .setAccess(Access.WRITE).setPrefix("app/")).build();
    Role reader = Role.newBuilder().setName("r").addPermissions(Permission.newBuilder().setApi(Apis.KV)
        .setAccess(Access.READ)).build();
    Role star = Role.newBuilder().setName("s").addPermissions(Permission.newBuilder().setApi(Apis.ALL)
        .setAccess(Access.READ)).build();
    assertTrue(AccessState.grants(writer, kv(Access.READ, "app/x", null)));
    assertTrue(AccessState.grants(writer, kv(Access.WRITE, "app/x", null)));
    assertFalse(AccessState.grants(writer, kv(Access.WRITE, "other", null)));
    assertTrue(AccessState.grants(reader, kv(Access.READ, "other", null)));
    assertFalse(AccessState.grants(reader, kv(Access.WRITE, "other", null)));
    assertTrue(AccessState.grants(star, Requirement.of(Apis.REGISTRY, Access.READ, "orders")));
    assertFalse(AccessState.grants(star, Requirement.of(Apis.REGISTRY, Access.WRITE, "orders")));
  }

  @Test
  void builtInRolesGrantWhatTheirDocumentationSays() {
    Role viewer = BuiltinRoles.get(BuiltinRoles.VIEWER).orElseThrow();
    Role operator = BuiltinRoles.get(BuiltinRoles.OPERATOR).orElseThrow();
    Role relay = BuiltinRoles.get(BuiltinRoles.RELAY).orElseThrow();
    assertTrue(AccessState.grants(viewer, Requirement.of(Apis.REGISTRY, Access.READ, "orders")));
    assertFalse(AccessState.grants(viewer, Requirement.of(Apis.KV, Access.WRITE, "k")));
    assertFalse(AccessState.grants(viewer, Requirement.of(Apis.AUTH, Access.READ, "")));
    assertTrue(AccessState.grants(operator, Requirement.of(Apis.KV, Access.WRITE, "k")));
    assertFalse(AccessState.grants(operator, Requirement.of(Apis.FAILOVER, Access.WRITE, "")));
    assertFalse(AccessState.grants(operator, Requirement.of(Apis.MEMBER, Access.WRITE, "")));
    assertFalse(AccessState.grants(operator, Requirement.of(Apis.AUTH, Access.WRITE, "")));
    assertFalse(AccessState.grants(operator, Requirement.of(Apis.BOOTSTRAP, Access.WRITE, "")));
    assertTrue(AccessState.grants(relay, Requirement.of(Apis.REGISTRY, Access.READ, "")));
    assertFalse(AccessState.grants(relay, Requirement.of(Apis.KV, Access.READ, "k")));
  }
}
