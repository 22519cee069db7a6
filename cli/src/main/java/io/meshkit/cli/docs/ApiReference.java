package io.meshkit.cli.docs;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The gRPC API reference ({@code docs/api-reference.md}) rendered from the public protos' own
 * comments: the descriptor set with source info that the proto module writes into its jar. Covers
 * package {@value #PUBLIC_PACKAGE} only (internal and gossip messages are not API). Output depends
 * only on the descriptor set, files and declarations in source order.
 */
public final class ApiReference {
  /** Where the proto module's build puts the descriptor set (see proto/pom.xml). */
  public static final String DESCRIPTOR_SET = "/io/meshkit/proto/meshkit.protoset";
  static final String PUBLIC_PACKAGE = "meshkit.v1";

  private static final String HEADER = """
      <!-- Generated from the comments in proto/src/main/proto/meshkit/v1/*.proto by bin/gen-docs \
      (io.meshkit.cli.docs.ApiReference). Do not edit: change the proto comments and rerun bin/gen-docs. -->
      """;

  /** A message or enum declared in a public file, with its comments' file and source path. */
  private record Declared(String fullName, ProtoComments comments, List<Integer> path,
      DescriptorProto message, EnumDescriptorProto enumType) {
  }

  private final List<FileDescriptorProto> files;
  private final Map<String, Declared> types = new HashMap<>();
  private final List<Declared> messages = new ArrayList<>();
  private final List<Declared> enums = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();

  private ApiReference(FileDescriptorSet set) {
    files = set.getFileList().stream().filter(f -> f.getPackage().equals(PUBLIC_PACKAGE))
        .sorted(Comparator.comparing(FileDescriptorProto::getName)).toList();
    for (FileDescriptorProto file : files) {
      ProtoComments comments = new ProtoComments(file);
      for (int i = 0; i < file.getMessageTypeCount(); i++) {
        declare(PUBLIC_PACKAGE, file.getMessageType(i), comments, List.of(ProtoComments.MESSAGE, i));
      }
      for (int i = 0; i < file.getEnumTypeCount(); i++) {
        declare(PUBLIC_PACKAGE, file.getEnumType(i), comments, List.of(ProtoComments.ENUM, i));
      }
    }
  }

  /** The descriptor set on the classpath (the proto jar), as the build wrote it. */
  public static FileDescriptorSet loadDescriptorSet() {
    try (InputStream in = ApiReference.class.getResourceAsStream(DESCRIPTOR_SET)) {
      if (in == null) {
        throw new IllegalStateException(DESCRIPTOR_SET + " is not on the classpath: build the proto module "
            + "(mvn -pl proto install) first");
      }
      return FileDescriptorSet.parseFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DESCRIPTOR_SET + ": " + e.getMessage(), e);
    }
  }

  /** The Markdown reference of every service, message and enum of the public package in {@code set}. */
  public static String render(FileDescriptorSet set) {
    return new ApiReference(set).document();
  }

  private void declare(String scope, DescriptorProto message, ProtoComments comments, List<Integer> path) {
    String name = scope + "." + message.getName();
    if (message.getOptions().getMapEntry()) {
      types.put(name, new Declared(name, comments, path, message, null)); // rendered as map<K, V>
      return;
    }
    Declared declared = new Declared(name, comments, path, message, null);
    types.put(name, declared);
    messages.add(declared);
    for (int i = 0; i < message.getNestedTypeCount(); i++) {
      declare(name, message.getNestedType(i), comments, append(path, ProtoComments.MESSAGE_NESTED, i));
    }
    for (int i = 0; i < message.getEnumTypeCount(); i++) {
      declare(name, message.getEnumType(i), comments, append(path, ProtoComments.MESSAGE_ENUM, i));
    }
  }

  private void declare(String scope, EnumDescriptorProto enumType, ProtoComments comments, List<Integer> path) {
    String name = scope + "." + enumType.getName();
    Declared declared = new Declared(name, comments, path, null, enumType);
    types.put(name, declared);
    enums.add(declared);
  }

  private String document() {
    out.append(HEADER).append('\n');
    out.append("# gRPC API reference\n\n");
    out.append("Every service, message and enum of package `").append(PUBLIC_PACKAGE)
        .append("`, with the comments of the .proto files. How to call the API, errors and consistency: ")
        .append("[api.md](api.md).\n\n");
    out.append("## Services\n\n");
    for (FileDescriptorProto file : files) {
      ProtoComments comments = new ProtoComments(file);
      for (int i = 0; i < file.getServiceCount(); i++) {
        service(file, file.getService(i), comments, List.of(ProtoComments.SERVICE, i));
      }
    }
    out.append("## Messages\n\n");
    messages.forEach(this::message);
    out.append("## Enums\n\n");
    enums.forEach(this::enumeration);
    return out.toString();
  }

  private void service(FileDescriptorProto file, ServiceDescriptorProto service, ProtoComments comments,
      List<Integer> path) {
    out.append("### ").append(PUBLIC_PACKAGE).append('.').append(service.getName()).append("\n\n");
    out.append("Defined in `").append(file.getName()).append("`.");
    paragraph(comments.at(path));
    out.append("| RPC | Request | Response | Description |\n|---|---|---|---|\n");
    for (int i = 0; i < service.getMethodCount(); i++) {
      MethodDescriptorProto rpc = service.getMethod(i);
      out.append("| ").append(Markdown.code(rpc.getName())).append(" | ")
          .append(rpc.getClientStreaming() ? "stream " : "").append(typeLink(rpc.getInputType())).append(" | ")
          .append(rpc.getServerStreaming() ? "stream " : "").append(typeLink(rpc.getOutputType())).append(" | ")
          .append(Markdown.cell(comments.at(append(path, ProtoComments.SERVICE_METHOD, i)))).append(" |\n");
    }
    out.append('\n');
  }

  private void message(Declared declared) {
    DescriptorProto message = declared.message();
    out.append("### ").append(declared.fullName()).append("\n\n");
    String comment = declared.comments().at(declared.path());
    if (!comment.isEmpty()) {
      out.append(comment).append("\n\n");
    }
    if (message.getFieldCount() == 0) {
      out.append("No fields.\n\n");
      return;
    }
    out.append("| Field | Number | Type | Description |\n|---|---|---|---|\n");
    for (int i = 0; i < message.getFieldCount(); i++) {
      FieldDescriptorProto field = message.getField(i);
      String description = declared.comments().at(append(declared.path(), ProtoComments.MESSAGE_FIELD, i));
      if (field.hasOneofIndex() && !field.getProto3Optional()) {
        description = "One of `" + message.getOneofDecl(field.getOneofIndex()).getName() + "`. " + description;
      }
      out.append("| ").append(Markdown.code(field.getName())).append(" | ").append(field.getNumber()).append(" | ")
          .append(fieldType(field)).append(" | ").append(Markdown.cell(description)).append(" |\n");
    }
    out.append('\n');
  }

  private void enumeration(Declared declared) {
    out.append("### ").append(declared.fullName()).append("\n\n");
    String comment = declared.comments().at(declared.path());
    if (!comment.isEmpty()) {
      out.append(comment).append("\n\n");
    }
    out.append("| Name | Number | Description |\n|---|---|---|\n");
    List<EnumValueDescriptorProto> values = declared.enumType().getValueList();
    for (int i = 0; i < values.size(); i++) {
      out.append("| ").append(Markdown.code(values.get(i).getName())).append(" | ").append(values.get(i).getNumber())
          .append(" | ").append(Markdown.cell(declared.comments().at(append(declared.path(), ProtoComments.ENUM_VALUE, i))))
          .append(" |\n");
    }
    out.append('\n');
  }

  private String fieldType(FieldDescriptorProto field) {
    String type = field.hasTypeName() ? typeName(field.getTypeName()) : scalar(field.getType());
    Declared declared = field.hasTypeName() ? types.get(type) : null;
    if (declared != null && declared.message() != null && declared.message().getOptions().getMapEntry()) {
      return "map&lt;" + fieldType(declared.message().getField(0)) + ", " + fieldType(declared.message().getField(1))
          + "&gt;";
    }
    String shown = field.hasTypeName() ? typeLink(field.getTypeName()) : type;
    if (field.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED) {
      return "repeated " + shown;
    }
    return field.getProto3Optional() ? "optional " + shown : shown;
  }

  /** A type reference: a link to its section when it is public, else its plain name. */
  private String typeLink(String protoTypeName) {
    String name = typeName(protoTypeName);
    return types.containsKey(name) ? "[" + Markdown.code(shortName(name)) + "](#" + Markdown.anchor(name) + ")"
        : Markdown.code(name);
  }

  private static String typeName(String protoTypeName) {
    return protoTypeName.startsWith(".") ? protoTypeName.substring(1) : protoTypeName;
  }

  private static String shortName(String fullName) {
    return fullName.startsWith(PUBLIC_PACKAGE + ".") ? fullName.substring(PUBLIC_PACKAGE.length() + 1) : fullName;
  }

  private static String scalar(FieldDescriptorProto.Type type) {
    return type.name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
  }

  private void paragraph(String text) {
    out.append(text.isEmpty() ? "\n\n" : " " + text + "\n\n");
  }

  private static List<Integer> append(List<Integer> path, int... more) {
    return Stream.concat(path.stream(), java.util.Arrays.stream(more).boxed()).toList();
  }

  /** Services and rpcs of the public package that have no comment, as "Service" or "Service.Rpc". */
  public static List<String> undocumented(FileDescriptorSet set) {
    List<String> missing = new ArrayList<>();
    set.getFileList().stream().filter(f -> f.getPackage().equals(PUBLIC_PACKAGE)).forEach(file -> {
      ProtoComments comments = new ProtoComments(file);
      for (int s = 0; s < file.getServiceCount(); s++) {
        ServiceDescriptorProto service = file.getService(s);
        if (!comments.hasComment(List.of(ProtoComments.SERVICE, s))) {
          missing.add(service.getName());
        }
        for (int m = 0; m < service.getMethodCount(); m++) {
          if (!comments.hasComment(List.of(ProtoComments.SERVICE, s, ProtoComments.SERVICE_METHOD, m))) {
            missing.add(service.getName() + "." + service.getMethod(m).getName());
          }
        }
      }
    });
    return missing;
  }
}
