package io.meshkit.cli;

import io.meshkit.proto.v1.Fence;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --fence SCOPE:TOKEN} of the KV writes: the write applies only while TOKEN is the current
 * fencing token of SCOPE's election, else it fails with FENCED (exit 1) and changes nothing.
 */
final class FenceOption {
  @Option(names = "--fence", paramLabel = "SCOPE:TOKEN", converter = Converter.class,
      description = "Apply only while TOKEN (what 'leaders campaign' printed) is SCOPE's current fencing token; "
          + "else fail with FENCED and change nothing.")
  Fence fence;

  /** The fence given, or null. */
  Fence fence() {
    return fence;
  }

  /**
   * Parses {@code SCOPE:TOKEN}. The scope is everything before the last colon, so scopes may hold
   * colons themselves; the token is a positive number.
   */
  static Fence parse(String text) {
    String example = "write it as SCOPE:TOKEN, e.g. ctl:42 ('meshctl leaders get SCOPE' shows the token)";
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new TypeConversionException("'" + text + "' has no token: " + example);
    }
    String scope = text.substring(0, colon);
    String token = text.substring(colon + 1);
    if (scope.isEmpty()) {
      throw new TypeConversionException("'" + text + "' has no scope: " + example);
    }
    long number;
    try {
      number = Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + token + "' is not a token: " + example);
    }
    if (number <= 0) {
      throw new TypeConversionException("token " + number + " cannot be current (tokens are positive): " + example);
    }
    return Fence.newBuilder().setScope(scope).setToken(number).build();
  }

  static final class Converter implements ITypeConverter<Fence> {
    @Override
    public Fence convert(String text) {
      return parse(text);
    }
  }
}
