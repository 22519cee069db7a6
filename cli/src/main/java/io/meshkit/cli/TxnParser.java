package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.client.KeyRanges;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RequestOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the expressions of {@code meshctl kv txn} into the {@link Compare}s and {@link RequestOp}s
 * of a transaction; the grammar is {@link #GRAMMAR}. Keys and values are UTF-8. Every failure is an {@link IllegalArgumentException}
 * whose message says what is wrong with which part; it never names the whole expression (the caller
 * knows which option it came from).
 *
 * <p>Quoting, inside an expression: {@code '...'} is literal; {@code "..."} is literal except
 * {@code \"} and {@code \\}; quoted parts join adjacent text ({@code a"b c"} is {@code ab c}).
 */
final class TxnParser {
  static final String GRAMMAR =
      "  compare:   value(KEY) = VALUE   version(KEY) = N   create(KEY) = REV\n"
      + "             mod(KEY) = REV       operators: =  !=  >  <\n"
      + "             (a missing key has version, create and mod revision 0)\n"
      + "  operation: put KEY VALUE   get KEY [--prefix]   del KEY [--prefix]\n"
      + "  quoting:   'put greeting \"hello world\"'   'value(\"my key\") = \"a b\"'";

  private TxnParser() {}

  /** {@code target(KEY) op OPERAND}, e.g. {@code value(greeting) = hello}, {@code version(k) > 3}. */
  static Compare compare(String expression) {
    Scanner s = new Scanner(expression);
    s.skipSpaces();
    String target = s.word().toLowerCase(Locale.ROOT);
    Compare.Builder compare = Compare.newBuilder();
    switch (target) {
      case "value" -> compare.setTarget(Compare.CompareTarget.VALUE);
      case "version" -> compare.setTarget(Compare.CompareTarget.VERSION);
      case "create" -> compare.setTarget(Compare.CompareTarget.CREATE);
      case "mod" -> compare.setTarget(Compare.CompareTarget.MOD);
      default -> throw new IllegalArgumentException(target.isEmpty()
          ? "expected value(KEY), version(KEY), create(KEY) or mod(KEY) first"
          : "unknown compare target '" + target + "': use value, version, create or mod");
    }
    s.skipSpaces();
    s.expect('(', "expected '(' after " + target);
    String key = s.key();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty key in " + target + "()");
    }
    compare.setKey(ByteString.copyFromUtf8(key));
    s.skipSpaces();
    compare.setResult(operator(s.operator()));
    List<String> operand = tokens(s.rest());
    if (operand.size() != 1) {
      throw new IllegalArgumentException(operand.isEmpty() ? "nothing to compare with after the operator"
          : "expected one operand after the operator, got " + operand.size() + " (quote values with spaces)");
    }
    String value = operand.get(0);
    switch (compare.getTarget()) {
      case VALUE -> compare.setValue(ByteString.copyFromUtf8(value));
      case VERSION -> compare.setVersion(number(target, value));
      case CREATE -> compare.setCreateRevision(number(target, value));
      default -> compare.setModRevision(number(target, value));
    }
    return compare.build();
  }

  /** {@code put KEY VALUE}, {@code get KEY [--prefix]} or {@code del KEY [--prefix]}. */
  static RequestOp operation(String expression) {
    List<String> t = tokens(expression);
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty operation: expected put, get or del");
    }
    String verb = t.get(0).toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "put" -> {
        if (t.size() != 3) {
          throw new IllegalArgumentException("put takes KEY VALUE, got " + (t.size() - 1)
              + " argument(s) (quote values with spaces)");
        }
        yield RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8(t.get(1))).setValue(ByteString.copyFromUtf8(t.get(2)))).build();
      }
      case "get" -> {
        ByteString key = keyOf(verb, t);
        yield RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder()
            .setKey(key).setRangeEnd(rangeEnd(verb, t, key))).build();
      }
      case "del" -> {
        ByteString key = keyOf(verb, t);
        yield RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
            .setKey(key).setRangeEnd(rangeEnd(verb, t, key))).build();
      }
      default -> throw new IllegalArgumentException("unknown operation '" + t.get(0) + "': use put, get or del");
    };
  }

  /** Splits {@code text} at spaces outside quotes; see the class comment for the quoting rules. */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean inToken = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closingQuote(text, i);
        token.append(unquote(text.substring(i + 1, end), c));
        inToken = true;
        i = end;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          tokens.add(token.toString());
          token.setLength(0);
          inToken = false;
        }
      } else {
        token.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      tokens.add(token.toString());
    }
    return tokens;
  }

  private static int closingQuote(String text, int open) {
    char quote = text.charAt(open);
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '"' && c == '\\' && i + 1 < text.length()) {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated " + quote + " quote");
  }

  /** The text between quotes: literal in '...'; in "...", \" and \\ stand for " and \. */
  private static String unquote(String inner, char quote) {
    if (quote == '\'') {
      return inner;
    }
    StringBuilder text = new StringBuilder(inner.length());
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\\' && i + 1 < inner.length() && (inner.charAt(i + 1) == '"' || inner.charAt(i + 1) == '\\')) {
        c = inner.charAt(++i);
      }
      text.append(c);
    }
    return text.toString();
  }

  private static ByteString keyOf(String verb, List<String> t) {
    if (t.size() < 2 || t.size() > 3) {
      throw new IllegalArgumentException(verb + " takes KEY [--prefix], got " + (t.size() - 1) + " argument(s)");
    }
    return ByteString.copyFromUtf8(t.get(1));
  }

  private static ByteString rangeEnd(String verb, List<String> t, ByteString key) {
    if (t.size() == 2) {
      return ByteString.EMPTY;
    }
    if (!t.get(2).equals("--prefix")) {
      throw new IllegalArgumentException("unknown " + verb + " option '" + t.get(2) + "': only --prefix");
    }
    return KeyRanges.prefixEnd(key);
  }

  private static Compare.CompareResult operator(String op) {
    return switch (op) {
      case "=", "==" -> Compare.CompareResult.EQUAL;
      case "!=" -> Compare.CompareResult.NOT_EQUAL;
      case ">" -> Compare.CompareResult.GREATER;
      case "<" -> Compare.CompareResult.LESS;
      default -> throw new IllegalArgumentException(op.isEmpty() ? "expected an operator (=, !=, > or <) after the key"
          : "unknown operator '" + op + "': use =, !=, > or <");
    };
  }

  private static long number(String target, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(target + "() compares with a number, got '" + text + "'");
    }
  }

  /** A cursor over a compare expression. */
  private static final class Scanner {
    private final String text;
    private int pos;

    Scanner(String text) {
      this.text = text;
    }

    void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    String word() {
      int start = pos;
      while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        pos++;
      }
      return text.substring(start, pos);
    }

    void expect(char c, String otherwise) {
      if (pos >= text.length() || text.charAt(pos) != c) {
        throw new IllegalArgumentException(otherwise);
      }
      pos++;
    }

    /** The key up to the closing parenthesis: quoted, or the bare text trimmed. */
    String key() {
      skipSpaces();
      String key;
      if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
        int end = closingQuote(text, pos);
        key = unquote(text.substring(pos + 1, end), text.charAt(pos));
        pos = end + 1;
        skipSpaces();
      } else {
        int close = text.indexOf(')', pos);
        if (close < 0) {
          throw new IllegalArgumentException("missing ')' after the key");
        }
        key = text.substring(pos, close).strip();
        pos = close;
      }
      expect(')', "missing ')' after the key");
      return key;
    }

    String operator() {
      int start = pos;
      while (pos < text.length() && "=!<>".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      return text.substring(start, pos);
    }

    String rest() {
      return text.substring(pos);
    }
  }
}
