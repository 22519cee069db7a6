package io.meshkit.jepsen.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to recognise one local member's server process from its arguments: the only processes a chaos
 * run may signal. A process is the member when its command line runs {@value MeshkitProgram#MAIN_CLASS}
 * and names the member's own config file ({@code --config}, as {@code bin/meshkit dev up} starts it) or
 * its own data directory ({@code --data-dir}); paths are compared as files (symbolic links and relative
 * paths resolved against the process' working directory), so no other process, not even another
 * member of the same cluster, passes.
 *
 * @param config the member's config file
 * @param dataDir the member's data directory
 */
record MemberCommandLine(Path config, Path dataDir) {

  /** Whether {@code arguments} (argv[0] first), run in {@code workingDir}, start this member. */
  boolean matches(List<String> arguments, Path workingDir) {
    return arguments.contains(MeshkitProgram.MAIN_CLASS)
        && (names(arguments, "--config", workingDir, config) || names(arguments, "--data-dir", workingDir, dataDir));
  }

  /** What the refusal to touch a process says it lacks. */
  String describe() {
    return MeshkitProgram.MAIN_CLASS + " with --config " + config + " (or --data-dir " + dataDir + ")";
  }

  private static boolean names(List<String> arguments, String flag, Path workingDir, Path expected) {
    return value(arguments, flag).map(v -> sameFile(workingDir.resolve(v), expected)).orElse(false);
  }

  /** The value of {@code flag} given as {@code flag value} or {@code flag=value}; the last one wins, as in picocli. */
  private static Optional<String> value(List<String> arguments, String flag) {
    Optional<String> found = Optional.empty();
    for (int i = 0; i < arguments.size(); i++) {
      String arg = arguments.get(i);
      if (arg.equals(flag) && i + 1 < arguments.size()) {
        found = Optional.of(arguments.get(i + 1));
      } else if (arg.startsWith(flag + "=")) {
        found = Optional.of(arg.substring(flag.length() + 1));
      }
    }
    return found;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;  // one of them does not exist: not this member's
    }
  }
}
