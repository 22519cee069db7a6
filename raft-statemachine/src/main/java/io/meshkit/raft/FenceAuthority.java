package io.meshkit.raft;

import io.meshkit.proto.v1.Fence;
import java.util.Optional;

/**
 * Decides, during apply, whether a command's {@link Fence} still holds. Implemented by the handler
 * that owns election scopes; the dispatcher consults it for every fenced command before the
 * command's own handler runs. Deterministic, like apply.
 */
public interface FenceAuthority {
  /** Empty when {@code fence} names the scope's current token; otherwise why it does not. */
  Optional<String> violation(KeyValueReader state, Fence fence);
}
