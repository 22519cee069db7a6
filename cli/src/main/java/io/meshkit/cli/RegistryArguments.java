package io.meshkit.cli;

import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.ShardStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry commands' argument syntax: comma lists, {@code NAME=VALUE} labels, shard status and
 * node state names. Every method throws {@link UsageException} naming the option and the fix, so a
 * command's {@code validate} stops bad input before any call.
 */
final class RegistryArguments {
  static final String STATUSES = "active, draining, moving or offline";
  static final String STATES = "active, cordoned, draining or decommissioned";

  private RegistryArguments() {}

  /**
   * {@code a,b,c} as a list; null (not given) and {@code ""} (none) are empty. Items are trimmed
   * and may not be empty.
   */
  static List<String> list(String option, String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isEmpty()) {
      return List.of();
    }
    List<String> items = Arrays.stream(commaSeparated.split(",", -1)).map(String::trim).toList();
    if (items.stream().anyMatch(String::isEmpty)) {
      throw new UsageException(option + " '" + commaSeparated + "' has an empty item; write it like a,b,c");
    }
    return items;
  }

  /** {@code NAME=VALUE} pairs in order; the value may be empty, the name may not; a name given twice is an error. */
  static Map<String, String> labels(String option, List<String> pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(option + " '" + pair + "' is not NAME=VALUE; write it like " + option + " rack=r1");
      }
      if (labels.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
        throw new UsageException(option + " names '" + pair.substring(0, eq) + "' twice; give each label once");
      }
    }
    return labels;
  }

  static ShardStatus status(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "active" -> ShardStatus.SHARD_ACTIVE;
      case "draining" -> ShardStatus.SHARD_DRAINING;
      case "moving" -> ShardStatus.SHARD_MOVING;
      case "offline" -> ShardStatus.SHARD_OFFLINE;
      default -> throw new UsageException("unknown shard status '" + name + "': choose " + STATUSES);
    };
  }

  static NodeState state(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "active" -> NodeState.NODE_ACTIVE;
      case "cordoned" -> NodeState.NODE_CORDONED;
      case "draining" -> NodeState.NODE_DRAINING;
      case "decommissioned" -> NodeState.NODE_DECOMMISSIONED;
      default -> throw new UsageException("unknown node state '" + name + "': choose " + STATES);
    };
  }

  /** The name {@link #status} reads: {@code active}, ...; {@code unspecified} for none. */
  static String name(ShardStatus status) {
    return status == ShardStatus.UNRECOGNIZED ? "unknown"
        : status.name().replaceFirst("^SHARD_(STATUS_)?", "").toLowerCase(Locale.ROOT);
  }

  /** The name {@link #state} reads: {@code cordoned}, ...; {@code unspecified} for none. */
  static String name(NodeState state) {
    return state == NodeState.UNRECOGNIZED ? "unknown"
        : state.name().replaceFirst("^NODE_(STATE_)?", "").toLowerCase(Locale.ROOT);
  }

  /** Refuses a negative {@code value} of {@code option} (null: not given). */
  static void notNegative(String option, Number value) {
    if (value != null && !(value.doubleValue() >= 0)) {
      throw new UsageException(option + " must be 0 or more, got " + value);
    }
  }

}
