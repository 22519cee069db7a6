package io.meshkit.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSON-lines codec for histories: one op per line, e.g.
 * {@code {"index":3,"process":1,"type":"ok","f":"cas","key":"x","value":{"expected":1,"new":2},"time":42}}.
 * Values: a number ({@code Long}), null, {@code {"expected":..,"new":..}} ({@link CasValue}),
 * {@code {"shard_id":..,"to":..,"expected_epoch":..}} ({@link ShardTransfer}),
 * {@code {"shard_id":..,"owner":..,"epoch":..,"mod_revision":..,"revision":..}} ({@link ShardState}),
 * {@code {"status":..,"route_revision":..,"shard":..}} ({@link RelayAnswer}), an
 * array of numbers (set read) or a string (nemesis records). A FAIL or INFO completion may carry
 * {@code "error"}: what the client was told. Runs conventionally write to
 * {@code jepsen/target/runs/<run>/history.jsonl}. Stateless and thread-safe.
 */
public final class HistoryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Record values ({@link ShardTransfer}, {@link ShardState}, {@link RelayAnswer}) as objects of their
   * components, in snake case.
   */
  private static final ObjectMapper RECORDS = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private HistoryJson() {}

  /** Writes the history to {@code file}, creating parent directories. */
  public static void write(History history, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(history, out);
    }
  }

  /** Writes one line per op; does not close {@code out}. */
  public static void write(History history, Writer out) throws IOException {
    for (Op op : history.ops()) {
      out.write(toLine(op));
      out.write('\n');
    }
    out.flush();
  }

  /** Reads a history written by {@link #write}; blank lines are skipped. */
  public static History read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in);
    }
  }

  /** Reads a history from {@code in}; does not close it. */
  public static History read(Reader in) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<Op> ops = new ArrayList<>();
    String line;
    while ((line = lines.readLine()) != null) {
      if (!line.isBlank()) {
        ops.add(fromLine(line));
      }
    }
    return History.of(ops);
  }

  /** One op as a single JSON line without the newline. */
  public static String toLine(Op op) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("index", op.index());
    node.put("process", op.process());
    node.put("type", op.type().name().toLowerCase(Locale.ROOT));
    node.put("f", op.function().name().toLowerCase(Locale.ROOT));
    node.put("key", op.key());
    node.set("value", encodeValue(op.value()));
    node.put("time", op.timeNanos());
    if (op.error() != null) {
      node.put("error", op.error());
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one line written by {@link #toLine}. */
  public static Op fromLine(String line) throws IOException {
    JsonNode node = MAPPER.readTree(line);
    return new Op(
        node.path("process").asInt(),
        OpType.valueOf(node.path("type").asText().toUpperCase(Locale.ROOT)),
        OpFunction.valueOf(node.path("f").asText().toUpperCase(Locale.ROOT)),
        node.path("key").isNull() || node.path("key").isMissingNode() ? null : node.get("key").asText(),
        decodeValue(node.get("value")),
        node.path("time").asLong(),
        node.path("index").asLong(),
        node.hasNonNull("error") ? node.get("error").asText() : null);
  }

  private static JsonNode encodeValue(Object value) {
    if (value == null) {
      return MAPPER.nullNode();
    }
    if (value instanceof Long l) {
      return MAPPER.getNodeFactory().numberNode(l);
    }
    if (value instanceof String text) {
      return MAPPER.getNodeFactory().textNode(text);
    }
    if (value instanceof CasValue cas) {
      ObjectNode node = MAPPER.createObjectNode();
      node.put("expected", cas.expected());
      node.put("new", cas.replacement());
      return node;
    }
    if (value instanceof ShardTransfer || value instanceof ShardState || value instanceof RelayAnswer) {
      return RECORDS.valueToTree(value);
    }
    ArrayNode array = MAPPER.createArrayNode();
    for (Object element : (List<?>) value) {
      array.add((Long) element);
    }
    return array;
  }

  private static Object decodeValue(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isObject() && (node.has("to") || node.has("owner") || node.has("status"))) {
      try {
        Class<?> type = node.has("to") ? ShardTransfer.class : node.has("owner") ? ShardState.class
            : RelayAnswer.class;
        return RECORDS.treeToValue(node, type);
      } catch (IOException e) {
        throw new IllegalArgumentException("unsupported value: " + node, e);
      }
    }
    if (node.isObject()) {
      JsonNode expected = node.get("expected");
      return new CasValue(expected == null || expected.isNull() ? null : expected.asLong(),
          node.path("new").asLong());
    }
    if (node.isArray()) {
      List<Long> elements = new ArrayList<>(node.size());
      node.forEach(e -> elements.add(e.asLong()));
      return List.copyOf(elements);
    }
    throw new IllegalArgumentException("unsupported value: " + node);
  }
}
