package io.meshkit.cli.docs;

import java.util.Locale;

/** The bits of GitHub-flavoured Markdown the generated references need. Pure functions. */
public final class Markdown {
  private Markdown() {
  }

  /**
   * The anchor GitHub gives a heading: lower case, punctuation other than '-' and '_' dropped, spaces
   * turned into '-' (backticks and dots vanish: {@code meshkit.v1.KV} becomes {@code meshkitv1kv}).
   * Duplicate headings get -1, -2... on GitHub; the generators never emit duplicates.
   */
  public static String anchor(String heading) {
    StringBuilder out = new StringBuilder(heading.length());
    for (char c : heading.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        out.append(c);
      } else if (c == ' ') {
        out.append('-');
      }
    }
    return out.toString();
  }

  /** {@code text} as one table cell: on one line, pipes escaped, blank as a dash. */
  public static String cell(String text) {
    String flat = text.replace("\r", "").replaceAll("\\s*\n\\s*", " ").replace("|", "\\|").strip();
    return flat.isEmpty() ? "-" : flat;
  }

  /** {@code text} in inline code, safe inside a table cell. */
  public static String code(String text) {
    return "`" + text.replace("|", "\\|") + "`";
  }
}
