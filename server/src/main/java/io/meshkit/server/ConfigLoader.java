package io.meshkit.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Reads a {@link ServerConfig} (or a {@link RelayConfig}) from YAML and applies flag overrides on top. */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .registerModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
          try {
            return DurationText.parse(p.getValueAsString());
          } catch (IllegalArgumentException e) {
            throw ctx.weirdStringException(p.getValueAsString(), Duration.class, e.getMessage());
          }
        }
      }))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ConfigLoader() {}

  /**
   * @param file YAML file, or null for flags only
   * @param overrides field name → value (a string, or a list of {@link PeerConfig} for initialCluster)
   */
  public static ServerConfig load(Path file, Map<String, Object> overrides) throws ConfigException {
    return load(file, overrides, ServerConfig.class);
  }

  /** Reads a config of {@code type} (a record of YAML fields) from {@code file}, overrides on top. */
  public static <T> T load(Path file, Map<String, Object> overrides, Class<T> type) throws ConfigException {
    ObjectNode tree = YAML.createObjectNode();
    if (file != null) {
      try {
        var parsed = YAML.readTree(Files.readString(file));
        if (parsed != null && !parsed.isMissingNode() && !parsed.isNull()) {
          if (!parsed.isObject()) {
            throw new ConfigException("config file " + file + " must be a YAML mapping of field: value");
          }
          tree = (ObjectNode) parsed;
        }
      } catch (NoSuchFileException e) {
        throw new ConfigException("config file " + file + " does not exist: check the --config path");
      } catch (JsonProcessingException e) {
        throw new ConfigException("config file " + file + " is not valid YAML: " + e.getOriginalMessage()
            + location(e));
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
    }
    for (Map.Entry<String, Object> o : overrides.entrySet()) {
      tree.set(o.getKey(), YAML.valueToTree(o.getValue()));
    }
    return bind(tree, type, file);
  }

  /**
   * Reads a config of {@code type} from YAML text (a file sent over the network, {@code meshctl config
   * validate}); the same rules as a file, errors say "the config" instead of a path.
   */
  public static <T> T parse(String yaml, Class<T> type) throws ConfigException {
    ObjectNode tree = YAML.createObjectNode();
    try {
      var parsed = YAML.readTree(yaml);
      if (parsed != null && !parsed.isMissingNode() && !parsed.isNull()) {
        if (!parsed.isObject()) {
          throw new ConfigException("the config must be a YAML mapping of field: value");
        }
        tree = (ObjectNode) parsed;
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException("the config is not valid YAML: " + e.getOriginalMessage() + location(e));
    }
    return bind(tree, type, null);
  }

  private static <T> T bind(ObjectNode tree, Class<T> type, Path file) throws ConfigException {
    try {
      return YAML.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException("unknown config field '" + e.getPropertyName() + "'" + where(file)
          + ": known fields are " + e.getKnownPropertyIds());
    } catch (JsonProcessingException e) {
      throw new ConfigException("bad config value" + where(file) + ": " + e.getOriginalMessage() + location(e));
    }
  }

  private static String where(Path file) {
    return file == null ? "" : " in " + file;
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ")";
  }

  /** YAML for a config (used by {@code bin/meshkit dev up} docs and tests). */
  public static String toYaml(ServerConfig config) {
    try {
      return YAML.copy().registerModule(new SimpleModule().addSerializer(Duration.class,
          new com.fasterxml.jackson.databind.JsonSerializer<Duration>() {
            @Override
            public void serialize(Duration d, com.fasterxml.jackson.core.JsonGenerator g,
                com.fasterxml.jackson.databind.SerializerProvider s) throws IOException {
              g.writeString(DurationText.format(d));
            }
          })).writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
