package io.meshkit.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as operators write them, the same forms as the server's configuration: {@code 500ms},
 * {@code 5s}, {@code 1m}, {@code 2h}. Zero is rejected: every use in meshctl is a timeout.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a duration; write it like 500ms, 5s, 1m or 2h");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is too long a duration");
    }
    if (amount == 0) {
      throw new TypeConversionException("'" + text + "' is zero; a timeout must be positive, e.g. 5s");
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
