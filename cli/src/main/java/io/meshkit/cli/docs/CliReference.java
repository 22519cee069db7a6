package io.meshkit.cli.docs;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The meshctl reference ({@code docs/cli.md}) rendered from the Picocli model of the command tree:
 * usage, description, arguments, options and the examples of each command's help footer. The output
 * depends only on the command classes, so a test can regenerate it and compare it with the
 * committed file.
 */
public final class CliReference {
  private static final String HEADER = """
      <!-- Generated from the meshctl commands by bin/gen-docs (io.meshkit.cli.docs.CliReference). \
      Do not edit: change the command's annotations and rerun bin/gen-docs. -->
      """;

  private final CommandLine root;
  private final StringBuilder out = new StringBuilder();

  private CliReference(CommandLine root) {
    this.root = root;
  }

  /** The Markdown reference of {@code root} and every visible subcommand, depth first. */
  public static String render(CommandLine root) {
    return new CliReference(root).document();
  }

  private String document() {
    List<CommandSpec> commands = new ArrayList<>();
    collect(root.getCommandSpec(), commands);
    out.append(HEADER).append('\n');
    out.append("# meshctl reference\n\n");
    out.append("Every command and option of `meshctl`, as `meshctl <command> --help` prints them. ")
        .append("Every command also takes `-h`/`--help` and `-V`/`--version`, and the global options ")
        .append("below before or after its name.\n\n");
    for (CommandSpec command : commands) {
      int depth = depth(command);
      out.append("  ".repeat(depth)).append("- [").append(command.qualifiedName()).append("](#")
          .append(Markdown.anchor(command.qualifiedName())).append(")\n");
    }
    out.append('\n');
    commands.forEach(this::command);
    return out.toString();
  }

  private static void collect(CommandSpec spec, List<CommandSpec> into) {
    into.add(spec);
    Map<CommandSpec, Boolean> seen = new IdentityHashMap<>(); // aliases map to the same command
    for (CommandLine sub : spec.subcommands().values()) {
      CommandSpec child = sub.getCommandSpec();
      if (!child.usageMessage().hidden() && seen.put(child, Boolean.TRUE) == null) {
        collect(child, into);
      }
    }
  }

  private static int depth(CommandSpec spec) {
    int depth = 0;
    for (CommandSpec p = spec.parent(); p != null; p = p.parent()) {
      depth++;
    }
    return depth;
  }

  private void command(CommandSpec spec) {
    out.append("#".repeat(Math.min(depth(spec) + 2, 4))).append(' ').append(spec.qualifiedName()).append("\n\n");
    if (spec.aliases().length > 0) {
      out.append("Also: `").append(String.join("`, `", spec.aliases())).append("`.\n\n");
    }
    paragraph(spec.usageMessage().description());
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    out.append("```\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
    subcommands(spec);
    positionals(spec);
    options(spec);
    footer(spec.usageMessage().footer());
  }

  private void subcommands(CommandSpec spec) {
    Map<CommandSpec, Boolean> seen = new IdentityHashMap<>();
    List<String> rows = new ArrayList<>();
    for (CommandLine sub : spec.subcommands().values()) {
      CommandSpec child = sub.getCommandSpec();
      if (!child.usageMessage().hidden() && seen.put(child, Boolean.TRUE) == null) {
        rows.add("| [" + child.name() + "](#" + Markdown.anchor(child.qualifiedName()) + ") | "
            + Markdown.cell(firstSentence(text(child.usageMessage().description()))) + " |");
      }
    }
    table("| Command | What it does |", rows);
  }

  private void positionals(CommandSpec spec) {
    List<String> rows = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        rows.add("| " + Markdown.code(p.paramLabel()) + " | " + Markdown.cell(describe(p.description(), p.defaultValue()))
            + " |");
      }
    }
    table("| Argument | Description |", rows);
  }

  private void options(CommandSpec spec) {
    boolean rootCommand = spec.parent() == null;
    List<String> rows = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      // Help and version are on every command; inherited (global) options are listed once, at the root.
      if (o.hidden() || o.usageHelp() || o.versionHelp() || (o.inherited() && !rootCommand)) {
        continue;
      }
      String names = String.join(", ", o.names());
      String label = o.typeInfo().isBoolean() && o.arity().max() == 0 ? "" : " " + o.paramLabel();
      rows.add("| " + Markdown.code(names + label) + " | "
          + Markdown.cell((o.required() ? "Required. " : "") + describe(o.description(), o.defaultValue())) + " |");
    }
    if (!rows.isEmpty() && rootCommand) {
      out.append("Global options (before or after any command):\n\n");
    }
    table("| Option | Description |", rows);
  }

  /** The footer: lines indented under a header line ("Examples:") as a code block, the rest as text. */
  private void footer(String[] lines) {
    List<String> block = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String raw : lines) {
      String line = raw.replace("%n", "").replace("%%", "%");
      if (line.startsWith("  ") && (!block.isEmpty() || text.toString().endsWith(":"))) {
        block.add(line.substring(2));
        continue;
      }
      if (!block.isEmpty()) {
        flushText(text);
        codeBlock(block);
      }
      if (line.isBlank() || (!line.startsWith(" ") && endsSentence(text))) {
        flushText(text); // a line after a finished sentence starts a paragraph; indented lines continue one
      }
      if (!line.isBlank()) {
        text.append(text.isEmpty() ? "" : " ").append(line.strip());
      }
    }
    flushText(text);
    if (!block.isEmpty()) {
      codeBlock(block);
    }
  }

  private void codeBlock(List<String> lines) {
    out.append("```sh\n").append(String.join("\n", lines)).append("\n```\n\n");
    lines.clear();
  }

  private static boolean endsSentence(StringBuilder text) {
    return !text.isEmpty() && ".!?".indexOf(text.charAt(text.length() - 1)) >= 0;
  }

  private void flushText(StringBuilder text) {
    if (!text.isEmpty()) {
      out.append(text).append("\n\n");
      text.setLength(0);
    }
  }

  private void paragraph(String[] description) {
    String text = text(description);
    if (!text.isEmpty()) {
      out.append(text).append("\n\n");
    }
  }

  private void table(String header, List<String> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append(header).append('\n').append(header.replaceAll("[^|]+", "---")).append('\n');
    rows.forEach(r -> out.append(r).append('\n'));
    out.append('\n');
  }

  private static String describe(String[] description, String defaultValue) {
    String text = text(description);
    if (defaultValue != null && !defaultValue.isEmpty() && !text.contains("Default")) {
      text += (text.isEmpty() ? "" : " ") + "Default: " + defaultValue + ".";
    }
    return text;
  }

  /** Description lines as one text: picocli's %n line breaks become spaces. */
  private static String text(String[] lines) {
    return String.join(" ", lines).replace("%n", " ").replace("%%", "%").replaceAll(" {2,}", " ").strip();
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }
}
