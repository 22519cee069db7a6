package io.meshkit.jepsen.report;

import io.meshkit.jepsen.Verdict;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** HTML helpers shared by the report pages: escaping, links, verdict badges and the page skeleton. */
final class Html {
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1260px;\
      padding:0 1em;color:#212121}
      h1,h2,h3{margin:1.2em 0 .4em}
      table{border-collapse:collapse;margin:.4em 0}
      th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
      th{background:#f5f5f5}
      td.n{text-align:right;font-variant-numeric:tabular-nums}
      pre{background:#f7f7f7;border:1px solid #e0e0e0;padding:.6em;overflow-x:auto}
      .banner{padding:.8em 1em;border-radius:6px;color:#fff;font-size:1.4em}
      .banner b{font-size:1.3em;margin-right:.6em}
      .badge{display:inline-block;padding:.05em .5em;border-radius:4px;color:#fff;font-size:.85em}
      .valid{background:#2e7d32}.invalid{background:#c62828}.unknown{background:#ef8f00}
      img{max-width:100%;border:1px solid #eee}
      """;

  private Html() {}

  /** {@code text} with {@code & < > " '} escaped, safe in element content and quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A link to the relative path {@code href} ('/'-separated, not yet URL-encoded) showing {@code text}. */
  static String link(String href, String text) {
    String encoded;
    try {
      encoded = new URI(null, null, href, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad relative path: " + href, e);
    }
    return "<a href=\"" + escape(encoded) + "\">" + escape(text) + "</a>";
  }

  /** The CSS class of a verdict: {@code valid}, {@code invalid} or {@code unknown}. */
  static String verdictClass(Verdict verdict) {
    return verdict.name().toLowerCase(Locale.ROOT);
  }

  /** A small coloured verdict label. */
  static String badge(Verdict verdict) {
    return "<span class=\"badge " + verdictClass(verdict) + "\">" + verdict + "</span>";
  }

  /** A complete self-contained page with the shared inline style; {@code body} is inserted as is. */
  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
        + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
  }
}
