package io.meshkit.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Prints command results in the chosen {@link OutputFormat}. Commands hand over both forms of a
 * result: the document (one of {@link Views}) for json/yaml and a writer of the table text. Output
 * goes to stdout only; each call flushes, so streamed results reach a pipe as they happen.
 *
 * <p>Thread-safety: calls are serialized on the underlying writer, so a watch's gRPC thread and the
 * main thread never interleave within one result.
 */
final class Output {
  private static final JsonInclude.Value LEAVE_OUT_NULLS =
      JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .defaultPropertyInclusion(LEAVE_OUT_NULLS)
      .build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .defaultPropertyInclusion(LEAVE_OUT_NULLS)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build();

  private final OutputFormat format;
  private final PrintWriter out;

  Output(OutputFormat format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  OutputFormat format() {
    return format;
  }

  /** Prints one result: the document as pretty JSON or YAML, or the text {@code table} writes. */
  void print(Object document, Consumer<PrintWriter> table) {
    synchronized (out) {
      switch (format) {
        case json -> out.println(write(JSON.writerWithDefaultPrettyPrinter(), document));
        case yaml -> out.print(write(YAML.writer(), document));
        case table -> table.accept(out);
      }
      out.flush();
    }
  }

  /**
   * Prints one element of a stream: a single-line JSON object (JSON Lines), a YAML document
   * starting with {@code ---}, or the text {@code table} writes.
   */
  void printStreamed(Object document, Consumer<PrintWriter> table) {
    synchronized (out) {
      switch (format) {
        case json -> out.println(write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT), document));
        case yaml -> out.print("---\n" + write(YAML.writer(), document));
        case table -> table.accept(out);
      }
      out.flush();
    }
  }

  private static String write(ObjectWriter writer, Object document) {
    try {
      return writer.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the result: " + e.getOriginalMessage(), e);
    }
  }
}
