package io.meshkit.leadership.election;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.StoredCandidacy;
import io.meshkit.proto.internal.v1.StoredScope;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reading and keying the election tables. A candidacy's key is scope (UTF-8) + 0x00 + its create
 * revision (8 bytes, big-endian), so a scope's candidacies scan in order of succession.
 */
final class Scopes {
  private Scopes() {}

  static byte[] scopeKey(String scope) {
    return scope.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] candidacyKey(String scope, long createRevision) {
    byte[] s = scopeKey(scope);
    return ByteBuffer.allocate(s.length + 9).put(s).put((byte) 0).putLong(createRevision).array();
  }

  /** The scope's candidacies in order of succession (lowest create revision first). */
  static List<StoredCandidacy> candidacies(KeyValueReader state, String scope) {
    byte[] s = scopeKey(scope);
    byte[] from = Arrays.copyOf(s, s.length + 1);
    byte[] to = Arrays.copyOf(s, s.length + 1);
    to[s.length] = 1;
    List<StoredCandidacy> found = new ArrayList<>();
    state.scan(Table.ELECTIONS, from, to, (k, v) -> {
      found.add(candidacy(v));
      return true;
    });
    return found;
  }

  static Optional<StoredCandidacy> candidacy(KeyValueReader state, String scope, long createRevision) {
    return state.get(Table.ELECTIONS, candidacyKey(scope, createRevision)).map(Scopes::candidacy);
  }

  static Optional<StoredScope> scope(KeyValueReader state, String scope) {
    return state.get(Table.SCOPES, scopeKey(scope)).map(raw -> {
      try {
        return StoredScope.parseFrom(raw);
      } catch (InvalidProtocolBufferException e) {
        throw new StoreException("corrupt scope record " + scope + ": " + e.getMessage(), e);
      }
    });
  }

  /** Every scope with a leader, in scope order. */
  static List<StoredScope> all(KeyValueReader state) {
    List<StoredScope> scopes = new ArrayList<>();
    state.scan(Table.SCOPES, new byte[0], null, (k, v) -> {
      try {
        scopes.add(StoredScope.parseFrom(v));
      } catch (InvalidProtocolBufferException e) {
        throw new StoreException("corrupt scope record: " + e.getMessage(), e);
      }
      return true;
    });
    return scopes;
  }

  /** The current leadership of {@code scope}: vacant (no candidate, token 0) when it has none. */
  static Leadership leadership(KeyValueReader state, String scope) {
    return scope(state, scope).map(s -> leadership(state, s))
        .orElse(Leadership.newBuilder().setScope(scope).build());
  }

  static Leadership leadership(KeyValueReader state, StoredScope s) {
    StoredCandidacy leader = state.get(Table.ELECTIONS, s.getLeaderKey().toByteArray()).map(Scopes::candidacy)
        .orElseThrow(() -> new StoreException("scope " + s.getScope() + " names a leader that does not exist"));
    return leadership(leader, s.getToken());
  }

  static Leadership leadership(StoredCandidacy leader, long token) {
    return Leadership.newBuilder().setScope(leader.getScope()).setCandidate(leader.getCandidate())
        .setLease(leader.getLease()).setValue(leader.getValue()).setToken(token)
        .setCandidacyRevision(leader.getCreateRevision()).build();
  }

  static CandidacyKey key(StoredCandidacy c) {
    return CandidacyKey.newBuilder().setScope(c.getScope()).setCandidate(c.getCandidate()).setLease(c.getLease())
        .setCreateRevision(c.getCreateRevision()).build();
  }

  static StoredCandidacy candidacy(byte[] raw) {
    try {
      return StoredCandidacy.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt candidacy record: " + e.getMessage(), e);
    }
  }

  static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }
}
