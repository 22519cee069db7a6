package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.Compare.CompareResult;
import io.meshkit.proto.v1.Compare.CompareTarget;
import io.meshkit.proto.v1.RequestOp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TxnParserTest {
  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void valueCompareTakesTheKeyAndTheValueAsUtf8() {
    Compare c = TxnParser.compare("value(greeting) = hello");
    assertEquals(CompareTarget.VALUE, c.getTarget());
    assertEquals(CompareResult.EQUAL, c.getResult());
    assertEquals(utf8("greeting"), c.getKey());
    assertEquals(utf8("hello"), c.getValue());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "version(k) > 3     | VERSION | GREATER   | 3",
      "create(k) = 0      | CREATE  | EQUAL     | 0",
      "mod(k) < 10        | MOD     | LESS      | 10",
      "mod(k)!=7          | MOD     | NOT_EQUAL | 7",
      "  VERSION( k ) == 2 | VERSION | EQUAL     | 2"})
  void numericComparesSetTheirTargetOperatorAndNumber(String expression, CompareTarget target, CompareResult result,
      long number) {
    Compare c = TxnParser.compare(expression);
    assertEquals(target, c.getTarget());
    assertEquals(result, c.getResult());
    assertEquals(utf8("k"), c.getKey());
    long actual = switch (target) {
      case VERSION -> c.getVersion();
      case CREATE -> c.getCreateRevision();
      default -> c.getModRevision();
    };
    assertEquals(number, actual);
  }

  @Test
  void quotedKeysAndValuesMayHoldSpacesQuotesAndParentheses() {
    Compare c = TxnParser.compare("value(\"my key (1)\") != 'a \"b\" c'");
    assertEquals(utf8("my key (1)"), c.getKey());
    assertEquals(CompareResult.NOT_EQUAL, c.getResult());
    assertEquals(utf8("a \"b\" c"), c.getValue());
    assertEquals(utf8(""), TxnParser.compare("value(k) = \"\"").getValue());
  }

  @Test
  void tokensFollowTheQuotingRules() {
    assertEquals(List.of("put", "greeting", "hello world"), TxnParser.tokens("put greeting \"hello world\""));
    assertEquals(List.of("ab c", "d"), TxnParser.tokens("  a\"b c\"   d "));
    assertEquals(List.of("say \"hi\"", "back\\slash"), TxnParser.tokens("\"say \\\"hi\\\"\" 'back\\slash'"));
    assertEquals(List.of("", "x"), TxnParser.tokens("'' x"));
    assertEquals(List.of("héllo", "wörld"), TxnParser.tokens("héllo wörld"));
  }

  @Test
  void operationsBuildPutRangeAndDeleteRequests() {
    RequestOp put = TxnParser.operation("put greeting 'hello world'");
    assertEquals(utf8("greeting"), put.getRequestPut().getKey());
    assertEquals(utf8("hello world"), put.getRequestPut().getValue());

    RequestOp get = TxnParser.operation("get greeting");
    assertEquals(utf8("greeting"), get.getRequestRange().getKey());
    assertTrue(get.getRequestRange().getRangeEnd().isEmpty());

    RequestOp prefixGet = TxnParser.operation("get app/ --prefix");
    assertEquals(utf8("app0"), prefixGet.getRequestRange().getRangeEnd());

    RequestOp del = TxnParser.operation("del app/ --prefix");
    assertEquals(utf8("app/"), del.getRequestDeleteRange().getKey());
    assertEquals(utf8("app0"), del.getRequestDeleteRange().getRangeEnd());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "valeu(k) = 1          | unknown compare target 'valeu'",
      "= 1                   | expected value(KEY), version(KEY)",
      "value k = 1           | expected '(' after value",
      "value(k = 1           | missing ')'",
      "value() = 1           | empty key",
      "value(k) 1            | expected an operator",
      "value(k) >= 1         | unknown operator '>='",
      "value(k) =            | nothing to compare with",
      "value(k) = a b        | expected one operand after the operator, got 2",
      "version(k) > three    | version() compares with a number, got 'three'",
      "value(\"k) = 1        | unterminated \" quote"})
  void badComparesNameWhatIsWrong(String expression, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TxnParser.compare(expression));
    assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"                    | empty operation",
      "set k v               | unknown operation 'set'",
      "put k                 | put takes KEY VALUE, got 1",
      "put k hello world     | put takes KEY VALUE, got 3",
      "get                   | get takes KEY [--prefix], got 0",
      "del k --from-key      | unknown del option '--from-key'",
      "put k 'v              | unterminated ' quote"})
  void badOperationsNameWhatIsWrong(String expression, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TxnParser.operation(expression));
    assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
  }
}
