package io.meshkit.jepsen.report;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Pretty-printed JSON codec for {@link RunSummary} ({@code summary.json}). Instants are ISO-8601
 * strings; unknown properties are ignored on reading, so older readers accept newer files. Stateless
 * and thread-safe.
 */
public final class SummaryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new SimpleModule("iso-instant")
          .addSerializer(Instant.class, new ToStringSerializer(Instant.class))
          .addDeserializer(Instant.class, new FromStringDeserializer<Instant>(Instant.class) {
            @Override
            protected Instant _deserialize(String value, DeserializationContext context) {
              return Instant.parse(value);
            }
          }))
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SummaryJson() {}

  /** Writes {@code summary} to {@code file}, replacing it. */
  public static void write(RunSummary summary, Path file) throws IOException {
    Files.writeString(file, MAPPER.writeValueAsString(summary) + "\n");
  }

  /** Reads a file written by {@link #write}. */
  public static RunSummary read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), RunSummary.class);
  }
}
