package io.meshkit.leadership.election;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import io.meshkit.raft.WatchSpec;
import java.nio.charset.StandardCharsets;

/**
 * Leadership changes as watch events of {@link Table#SCOPES}: how to select them and how to read
 * them. Shared by Observe, Campaign's wait and the admin server's SSE stream.
 */
public final class LeadershipEvents {
  private LeadershipEvents() {}

  /** Changes of one scope, or of every scope when {@code scope} is empty, from {@code start} (0 = now). */
  public static WatchSpec spec(String scope, long start) {
    if (scope.isEmpty()) {
      return new WatchSpec(Table.SCOPES, new byte[0], null, false, start);
    }
    return new WatchSpec(Table.SCOPES, Scopes.scopeKey(scope), null, true, start);
  }

  /** Registration and withdrawal of one candidacy, from {@code start}. */
  static WatchSpec candidacySpec(String scope, long createRevision, long start) {
    return new WatchSpec(Table.ELECTIONS, Scopes.candidacyKey(scope, createRevision), null, true, start);
  }

  /** The leadership an event announces: vacant (no candidate, token 0) for a DELETE. */
  public static Leadership leadership(Event event) {
    if (event.getType() == Event.EventType.DELETE) {
      return Leadership.newBuilder().setScope(event.getKv().getKey().toString(StandardCharsets.UTF_8)).build();
    }
    try {
      return Leadership.parseFrom(event.getKv().getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt leadership event: " + e.getMessage(), e);
    }
  }
}
