package io.meshkit.cli.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell command line into words the way sh would for the simple lines docs quote: single
 * and double quotes, backslash escapes; stops at an unquoted comment ({@code #} starting a word) or
 * control operator ({@code & | ; > <}). No expansion: {@code $VAR} stays as written.
 */
final class ShellWords {
  private ShellWords() {
  }

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (c == '\\' && i + 1 < line.length()) {
        word = word == null ? new StringBuilder() : word;
        word.append(line.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        word = flush(words, word);
      } else if ((c == '#' && word == null) || "&|;<>".indexOf(c) >= 0) {
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    flush(words, word);
    return words;
  }

  private static StringBuilder flush(List<String> words, StringBuilder word) {
    if (word != null) {
      words.add(word.toString());
    }
    return null;
  }
}
