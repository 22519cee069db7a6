package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.ResponseHeader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The json/yaml documents and table text meshctl prints. */
class OutputTest {
  private static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, 0, 1};
  private static final ResponseHeader HEADER = ResponseHeader.newBuilder().setClusterId("c1").setMemberId("n2")
      .setRevision(42).setRaftTerm(3).setLeaderId("n1").build();

  private static KeyValue kv(ByteString key, ByteString value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).setCreateRevision(7).setModRevision(9).setVersion(2)
        .build();
  }

  private static RangeResponse range() {
    return RangeResponse.newBuilder().setHeader(HEADER)
        .addKvs(kv(ByteString.copyFromUtf8("greeting"), ByteString.copyFromUtf8("héllo")))
        .addKvs(kv(ByteString.copyFromUtf8("bin"), ByteString.copyFrom(NOT_UTF8)))
        .setCount(2).build();
  }

  private static String render(OutputFormat format, Object document, java.util.function.Consumer<PrintWriter> table) {
    StringWriter text = new StringWriter();
    new Output(format, new PrintWriter(text)).print(document, table);
    return text.toString();
  }

  @Test
  void jsonShowsTheHeaderAndKeysAsUtf8WithProtoFieldNames() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(render(OutputFormat.json, Views.Range.of(range(), true), out -> {}));
    assertEquals(42, doc.at("/header/revision").asLong());
    assertEquals("n2", doc.at("/header/member_id").asText());
    assertEquals("n1", doc.at("/header/leader_id").asText());
    JsonNode first = doc.at("/kvs/0");
    assertEquals("greeting", first.get("key").asText());
    assertEquals("héllo", first.get("value").asText());
    List<String> fields = new ArrayList<>();
    first.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("key", "value", "create_revision", "mod_revision", "version", "lease"), fields,
        "UTF-8 needs no encoding field");
    assertEquals(7, first.get("create_revision").asLong());
    assertEquals(9, first.get("mod_revision").asLong());
    assertEquals(2, first.get("version").asLong());
    assertEquals(0, first.get("lease").asLong());
    assertFalse(doc.get("more").asBoolean());
    assertEquals(2, doc.get("count").asLong());
  }

  @Test
  void bytesThatAreNotUtf8AreBase64AndSaySo() throws Exception {
    JsonNode second = new ObjectMapper()
        .readTree(render(OutputFormat.json, Views.Range.of(range(), true), out -> {})).at("/kvs/1");
    assertEquals("bin", second.get("key").asText());
    assertEquals("base64", second.get("value_encoding").asText());
    assertEquals(Base64.getEncoder().encodeToString(NOT_UTF8), second.get("value").asText());
    assertTrue(Base64.getDecoder().decode(second.get("value").asText()).length == NOT_UTF8.length);
  }

  @Test
  void noMatchIsAnEmptyListInJsonAndNothingInTable() throws Exception {
    Views.Range empty = Views.Range.of(RangeResponse.newBuilder().setHeader(HEADER).build(), true);
    JsonNode doc = new ObjectMapper().readTree(render(OutputFormat.json, empty, out -> {}));
    assertTrue(doc.get("kvs").isArray());
    assertEquals(0, doc.get("kvs").size());
    assertEquals("", render(OutputFormat.table, empty, out -> KvText.range(out, empty, false)));
  }

  @Test
  void keysOnlyLeavesTheValueOut() throws Exception {
    Views.Range keys = Views.Range.of(range(), false);
    JsonNode first = new ObjectMapper().readTree(render(OutputFormat.json, keys, out -> {})).at("/kvs/0");
    assertFalse(first.has("value"));
    assertEquals("greeting\nbin\n", render(OutputFormat.table, keys, out -> KvText.range(out, keys, false)));
  }

  @Test
  void yamlHasTheSameStructureAndKeepsStringValuesStrings() throws Exception {
    RangeResponse tricky = RangeResponse.newBuilder().setHeader(HEADER)
        .addKvs(kv(ByteString.copyFromUtf8("a"), ByteString.copyFromUtf8("true")))
        .addKvs(kv(ByteString.copyFromUtf8("123"), ByteString.copyFromUtf8("007")))
        .addKvs(kv(ByteString.copyFromUtf8("c"), ByteString.copyFromUtf8("null")))
        .addKvs(kv(ByteString.copyFromUtf8("d"), ByteString.EMPTY))
        .addKvs(kv(ByteString.copyFromUtf8("e"), ByteString.copyFromUtf8("x: y # z")))
        .setCount(5).build();
    String yaml = render(OutputFormat.yaml, Views.Range.of(tricky, true), out -> {});
    assertFalse(yaml.startsWith("---"), yaml);
    JsonNode doc = new YAMLMapper().readTree(yaml);
    assertEquals(42, doc.at("/header/revision").asLong());
    String[] values = {"true", "007", "null", "", "x: y # z"};
    for (int i = 0; i < values.length; i++) {
      JsonNode value = doc.at("/kvs/" + i + "/value");
      assertTrue(value.isTextual(), "value " + i + " must stay a string in:\n" + yaml);
      assertEquals(values[i], value.asText());
    }
    assertTrue(doc.at("/kvs/1/key").isTextual(), "key 123 must stay a string in:\n" + yaml);
  }

  @Test
  void tableOfAGetPrintsKeyThenValueLinesAndMarksBase64() {
    Views.Range r = Views.Range.of(range(), true);
    String text = render(OutputFormat.table, r, out -> KvText.range(out, r, false));
    assertEquals("greeting\nhéllo\nbin\nbase64:" + Base64.getEncoder().encodeToString(NOT_UTF8) + "\n", text);
    assertEquals("2\n", render(OutputFormat.table, r, out -> KvText.range(out, r, true)));
  }

  @Test
  void tableOfAPutIsOkWithTheRevisionThenThePreviousRecord() {
    Views.Put put = Views.Put.of(PutResponse.newBuilder().setHeader(HEADER)
        .setPrevKv(kv(ByteString.copyFromUtf8("greeting"), ByteString.copyFromUtf8("hello"))).build());
    assertEquals("OK (revision 42)\ngreeting\nhello\n", render(OutputFormat.table, put, out -> KvText.put(out, put)));
  }

  @Test
  void streamedJsonIsOneObjectPerLineAndYamlOneDocumentEach() throws Exception {
    Event put = Event.newBuilder().setType(Event.EventType.PUT)
        .setKv(kv(ByteString.copyFromUtf8("app/a"), ByteString.copyFromUtf8("1"))).build();
    Event del = Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("app/a")).setModRevision(10)).build();
    StringWriter json = new StringWriter();
    StringWriter yaml = new StringWriter();
    StringWriter table = new StringWriter();
    for (Views.WatchLine line : new Views.WatchLine[] {Views.WatchLine.of(9, put), Views.WatchLine.of(10, del),
        Views.WatchLine.progress(11)}) {
      new Output(OutputFormat.json, new PrintWriter(json)).printStreamed(line, out -> {});
      new Output(OutputFormat.yaml, new PrintWriter(yaml)).printStreamed(line, out -> {});
      new Output(OutputFormat.table, new PrintWriter(table)).printStreamed(line, out -> KvText.watchLine(out, line));
    }
    String[] lines = json.toString().split("\n");
    assertEquals(3, lines.length, json.toString());
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertEquals("PUT", first.get("type").asText());
    assertEquals(9, first.get("revision").asLong());
    assertEquals("app/a", first.at("/kv/key").asText());
    assertEquals("1", first.at("/kv/value").asText());
    JsonNode second = new ObjectMapper().readTree(lines[1]);
    assertEquals("DELETE", second.get("type").asText());
    assertFalse(second.get("kv").has("value"), "a delete has no value");
    assertEquals("PROGRESS", new ObjectMapper().readTree(lines[2]).get("type").asText());
    assertEquals(3, new YAMLMapper().readerFor(JsonNode.class).readValues(yaml.toString()).readAll().size());
    assertEquals("[rev 9] PUT app/a 1\n[rev 10] DELETE app/a\n[rev 11] PROGRESS\n", table.toString());
  }

  @Test
  void textTableAlignsColumnsAndShowsMissingCellsAsDash() {
    StringWriter text = new StringWriter();
    new TextTable("ID", "ROLE", "ERROR").row("n1", "LEADER", "").row("n22", null, "refused").print(new PrintWriter(text));
    assertEquals("ID   ROLE    ERROR\nn1   LEADER\nn22  -       refused\n", text.toString());
  }

  @Test
  void byteSizesAreHumanReadable() {
    assertEquals("512 B", ClusterStatusCommand.bytes(512));
    assertEquals("1.5 KiB", ClusterStatusCommand.bytes(1536));
    assertEquals("20.0 MiB", ClusterStatusCommand.bytes(20L * 1024 * 1024));
  }
}
