package io.meshkit.cli;

/**
 * Input that parses but makes no sense: a bad endpoint, TLS file, stdin or txn expression. Reported
 * as a usage error (exit {@link ExitCodes#USAGE}) with its message; never reaches the cluster.
 */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
