package io.meshkit.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md points to a file that exists and, when it names an
 * anchor in a Markdown file, to a heading of that file (GitHub's anchors, duplicates numbered -1, -2).
 * Links inside code (fenced blocks, inline code) are text, not links, and are not checked.
 */
class DocLinksTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private final Map<Path, Set<String>> anchors = new HashMap<>();

  static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The Markdown outside fenced code blocks, with inline code blanked out; line structure kept. */
  static List<String> prose(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        lines.add("");
      } else {
        lines.add(fenced ? "" : line.replaceAll("`[^`]*`", "``"));
      }
    }
    return lines;
  }

  private Set<String> anchorsOf(Path file) {
    return anchors.computeIfAbsent(file.normalize(), f -> {
      Set<String> found = new HashSet<>();
      Map<String, Integer> seen = new HashMap<>();
      try {
        boolean fenced = false;
        for (String line : Files.readAllLines(f)) {
          if (line.stripLeading().startsWith("```")) {
            fenced = !fenced;
          }
          Matcher heading = HEADING.matcher(line);
          if (!fenced && heading.matches()) {
            String anchor = Markdown.anchor(heading.group(1));
            int n = seen.merge(anchor, 1, Integer::sum);
            found.add(n == 1 ? anchor : anchor + "-" + (n - 1));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return found;
    });
  }

  @Test
  void everyRelativeLinkPointsToAnExistingFileAndAnchor() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      List<String> lines = prose(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher link = LINK.matcher(lines.get(i));
        while (link.find()) {
          String target = link.group(1);
          if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            continue; // http:, https:, mailto: — not ours to check offline
          }
          checked++;
          String problem = problem(doc, target);
          if (problem != null) {
            broken.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + target + " — " + problem);
          }
        }
      }
    }
    assertTrue(checked > 20, "links were found (" + checked + ")");
    assertEquals("", String.join("\n", broken), "broken links (fix the target or the heading)");
  }

  private String problem(Path doc, String target) {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file);
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && resolved.toString().endsWith(".md") && !anchorsOf(resolved).contains(anchor)) {
      return "no heading with anchor #" + anchor;
    }
    return null;
  }

  @Test
  void aBrokenLinkAndABadAnchorAreFound(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path doc = dir.resolve("a.md");
    Files.writeString(doc, "# Title\n\n## Leader loss / no leader\n");
    assertEquals(null, problem(doc, "a.md#leader-loss--no-leader"));
    assertEquals(null, problem(doc, "#title"));
    assertEquals("no heading with anchor #nope", problem(doc, "#nope"));
    assertEquals("no such file", problem(doc, "missing.md"));
  }
}
