package io.meshkit.access.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.v1.TransportPolicy;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import java.nio.charset.StandardCharsets;

/**
 * The stored policy: key {@code policy} of {@link Table#ACCESS} (beside RBAC's {@code role/},
 * {@code user/}, {@code token/}, {@code settings} and bootstrap's {@code join/}), and the revision
 * it was read at. No record = the empty policy (nothing required, everything allowed).
 */
public record TransportPolicyRecord(TransportPolicy policy, long revision) {
  static final byte[] KEY = "policy".getBytes(StandardCharsets.UTF_8);
  static final TransportPolicyRecord NONE = new TransportPolicyRecord(TransportPolicy.getDefaultInstance(), 0);

  public static TransportPolicyRecord load(KeyValueReader reader) {
    TransportPolicy policy = reader.get(Table.ACCESS, KEY).map(TransportPolicyRecord::parse)
        .orElse(TransportPolicy.getDefaultInstance());
    return new TransportPolicyRecord(policy, reader.revision());
  }

  private static TransportPolicy parse(byte[] bytes) {
    try {
      return TransportPolicy.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("stored transport policy does not parse", e);
    }
  }
}
