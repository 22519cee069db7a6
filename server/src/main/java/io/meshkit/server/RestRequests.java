package io.meshkit.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin server's JSON endpoints share: path segments, query parameters, numbers and
 * request bodies (Protobuf's canonical JSON merged into the request message), each refused with an
 * {@code INVALID_ARGUMENT} naming the problem, and the error answer of a failure.
 */
final class RestRequests {
  private static final int MAX_BODY = 1 << 20;
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final Logger LOG = LoggerFactory.getLogger(RestRequests.class);

  private RestRequests() {}

  /** A JSON endpoint's work: the answer to come (or a failure thrown at once). */
  @FunctionalInterface
  interface Route {
    java.util.concurrent.CompletableFuture<? extends Message> call() throws IOException;
  }

  /**
   * Answers the exchange with what {@code route} completes with, as JSON, or with the error of its
   * failure; a route that does not answer within {@code timeout} gets TIMEOUT.
   */
  static void answer(HttpExchange ex, java.time.Duration timeout, Route route) throws IOException {
    try {
      Message response = route.call().orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .join();
      JsonReplies.ok(ex, response);
    } catch (java.util.concurrent.CompletionException e) {
      fail(ex, e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      fail(ex, e);
    }
  }

  static Long number(String what, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, what + " \"" + text + "\" is not a number", "");
    }
  }

  /** The request body merged into {@code builder}; an empty body leaves it as is. */
  @SuppressWarnings("unchecked")
  static <B extends Message.Builder> B body(HttpExchange ex, B builder) throws IOException {
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readNBytes(MAX_BODY + 1);
    }
    if (raw.length > MAX_BODY) {
      throw new MeshException(ErrorCode.REQUEST_TOO_LARGE, "request body is over " + MAX_BODY + " bytes", "");
    }
    String json = utf8(raw);
    if (json.isBlank()) {
      ChangeActors.stamp(builder, RestAccess.caller(ex));
      return builder;
    }
    try {
      PARSER.merge(json, builder);
      ChangeActors.stamp(builder, RestAccess.caller(ex));
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "request body is not a valid "
          + builder.getDescriptorForType().getName() + ": " + withoutClassNames(e.getMessage()),
          "send the JSON form of the gRPC message, field names as in registry.proto");
    }
  }

  /** {@code raw} as text; bytes that are not UTF-8 are refused (never replaced by U+FFFD). */
  private static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "request body is not valid UTF-8",
          "send JSON encoded as UTF-8");
    }
  }

  /** A parser's message without the exception class names it may quote ({@code com.google.gson...Exception: }). */
  private static String withoutClassNames(String message) {
    return message == null ? "" : message.replaceAll("(?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error): ", "");
  }

  static List<String> segments(String rawPath) {
    return java.util.Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
        .map(RestRequests::decode).toList();
  }

  /** A percent-encoded path segment or query part; a malformed escape is refused. */
  private static String decode(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "malformed percent-escape in the URL: " + e.getMessage(),
          "escape '%' as %25 and write escapes as % and two hex digits");
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.put(k, v);
    }
    return out;
  }

  static void fail(HttpExchange ex, Throwable failure) throws IOException {
    if (failure instanceof MeshException mesh) {
      JsonReplies.error(ex, mesh.code(), mesh.getMessage(), mesh.hint());
    } else if (failure instanceof java.util.concurrent.TimeoutException) {
      JsonReplies.error(ex, ErrorCode.TIMEOUT, "no answer in time", "");
    } else {
      LOG.warn("internal error answering {} {}", ex.getRequestMethod(), ex.getRequestURI(), failure);
      JsonReplies.error(ex, ErrorCode.INTERNAL, "internal error in the member; its log holds the details",
          "retry; if it persists, report it with the member's log");
    }
  }

  /** The id in a path, checked against the one a body may also carry. */
  static String samePath(String what, String inPath, String inBody) {
    if (!inBody.isEmpty() && !inBody.equals(inPath)) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "the " + what + " in the body (" + inBody
          + ") differs from the one in the path (" + inPath + ")", "leave it out of the body or make them equal");
    }
    return inPath;
  }
}
