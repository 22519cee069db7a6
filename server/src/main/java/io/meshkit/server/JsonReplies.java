package io.meshkit.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import java.io.IOException;

/**
 * Answers of the admin server's JSON endpoints: a message in Protobuf's canonical JSON (field names as
 * in the .proto, defaults included), or an {@code ErrorDetail} ({@code code, message, hint}) with the
 * HTTP status grpc-gateway gives the code's gRPC status — one format for every {@code /control/} endpoint.
 * Answers that are no proto message (the relay's status) are a Java record in Jackson's JSON, its
 * component names as field names.
 */
final class JsonReplies {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
      .includingDefaultValueFields();
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private JsonReplies() {}

  static void ok(HttpExchange ex, MessageOrBuilder message) throws IOException {
    send(ex, 200, message);
  }

  /** A record (nested records, lists, strings, numbers) as JSON with its component names. */
  static void ok(HttpExchange ex, Record value) throws IOException {
    String json;
    try {
      json = JACKSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
    }
    AdminHttpServer.respond(ex, 200, "application/json", json + "\n");
  }

  /** The error with the HTTP status of its code. */
  static void error(HttpExchange ex, ErrorCode code, String message, String hint) throws IOException {
    error(ex, HttpStatuses.of(ErrorCodes.statusCode(code)), code, message, hint);
  }

  /** The error with an explicit HTTP status (e.g. 405 for a wrong method). */
  static void error(HttpExchange ex, int status, ErrorCode code, String message, String hint) throws IOException {
    send(ex, status, ErrorDetail.newBuilder().setCode(code).setMessage(message).setHint(hint == null ? "" : hint));
  }

  private static void send(HttpExchange ex, int status, MessageOrBuilder message) throws IOException {
    String json;
    try {
      json = PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      status = 500;
      json = "{\"code\": \"INTERNAL\", \"message\": \"cannot render the answer\", \"hint\": \"\"}";
    }
    AdminHttpServer.respond(ex, status, "application/json", json + "\n");
  }
}
