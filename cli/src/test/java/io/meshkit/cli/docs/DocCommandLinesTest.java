package io.meshkit.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.cli.Meshctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every meshctl command line quoted in docs/getting-started.md and docs/runbook.md (in sh blocks, with
 * continuation lines, and in inline code) parses with the real command line: no unknown command or
 * option, no missing or malformed argument. Lines marked "(planned)" are commands still being built
 * and are skipped.
 */
class DocCommandLinesTest {
  static final Path DOCS = Path.of("..", "docs");
  private static final Pattern INLINE = Pattern.compile("`((?:bin/)?meshctl [^`]+)`");
  private static final Pattern INVOCATION = Pattern.compile("(?:^|[\\s(;&|])(?:bin/)?meshctl\\s+(.*)$");

  /** The arguments of every meshctl invocation in {@code markdown}, in order. */
  static List<List<String>> invocations(List<String> markdown) {
    List<List<String>> found = new ArrayList<>();
    boolean shell = false;
    for (String line : joinContinuations(markdown)) {
      if (line.stripLeading().startsWith("```")) {
        shell = !shell && line.strip().matches("```(sh|bash|shell)");
        continue;
      }
      if (line.contains("(planned)")) {
        continue;
      }
      if (shell) {
        Matcher m = INVOCATION.matcher(line);
        if (m.find()) {
          found.add(ShellWords.split(m.group(1)));
        }
      } else {
        Matcher inline = INLINE.matcher(line);
        while (inline.find()) {
          Matcher m = INVOCATION.matcher(inline.group(1));
          if (m.find()) {
            found.add(ShellWords.split(m.group(1)));
          }
        }
      }
    }
    found.removeIf(List::isEmpty);
    return found;
  }

  /** Lines ending in a backslash joined with the next, as the shell reads them. */
  static List<String> joinContinuations(List<String> lines) {
    List<String> joined = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : lines) {
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1);
      } else {
        joined.add(pending.append(line).toString());
        pending.setLength(0);
      }
    }
    if (!pending.isEmpty()) {
      joined.add(pending.toString());
    }
    return joined;
  }

  @ParameterizedTest
  @ValueSource(strings = {"getting-started.md", "runbook.md"})
  void everyQuotedCommandParses(String doc) throws IOException {
    List<List<String>> commands = invocations(Files.readAllLines(DOCS.resolve(doc)));
    assertTrue(commands.size() >= 10, doc + ": commands found: " + commands.size());
    List<String> failures = new ArrayList<>();
    for (List<String> args : commands) {
      try {
        new CommandLine(new Meshctl()).parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        failures.add("meshctl " + String.join(" ", args) + "\n    " + e.getMessage());
      }
    }
    assertEquals("", String.join("\n", failures), "docs/" + doc + " quotes command lines meshctl refuses");
  }

  @Test
  void aWrongCommandLineIsCaught() {
    List<List<String>> commands = invocations(List.of("```sh", "bin/meshctl kv gett k   # typo", "```",
        "Then `bin/meshctl kv put a 1 --bogus`.", "```sh", "meshctl member list   # (planned)",
        "meshctl kv put a \\", "  'b c' --lease x", "```"));
    assertEquals(List.of(List.of("kv", "gett", "k"), List.of("kv", "put", "a", "1", "--bogus"),
        List.of("kv", "put", "a", "b c", "--lease", "x")), commands);
    for (List<String> args : commands) {
      assertThrows(CommandLine.ParameterException.class,
          () -> new CommandLine(new Meshctl()).parseArgs(args.toArray(String[]::new)));
    }
  }
}
