package io.meshkit.raft;

/**
 * Size limits enforced before a command enters the log.
 *
 * @param maxKeyBytes largest key accepted
 * @param maxValueBytes largest value accepted
 * @param maxTxnOps most operations in one transaction (compare + success + failure branches each)
 * @param maxCommandBytes largest serialized command; kept below the Raft entry limit, because Ratis
 *     makes a leader step down when it meets an entry above its appender buffer
 */
public record CommandLimits(int maxKeyBytes, int maxValueBytes, int maxTxnOps, int maxCommandBytes) {

  public static final CommandLimits DEFAULTS = new CommandLimits(4 * 1024, 1024 * 1024, 128, 3 * 1024 * 1024);

  public CommandLimits {
    if (maxKeyBytes <= 0 || maxValueBytes <= 0 || maxTxnOps <= 0 || maxCommandBytes <= 0) {
      throw new IllegalArgumentException("command limits must be positive");
    }
  }
}
