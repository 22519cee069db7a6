package io.meshkit.cli.docs;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comments of one .proto file, looked up by source path (the field-number path of
 * {@code descriptor.proto}: message 4, its field 2 and nested message 3 and enum 4; enum 5 and its
 * value 2; service 6 and its method 2). Needs a descriptor set written with source info.
 */
final class ProtoComments {
  static final int MESSAGE = 4;
  static final int ENUM = 5;
  static final int SERVICE = 6;
  static final int MESSAGE_FIELD = 2;
  static final int MESSAGE_NESTED = 3;
  static final int MESSAGE_ENUM = 4;
  static final int ENUM_VALUE = 2;
  static final int SERVICE_METHOD = 2;

  private final Map<List<Integer>, Location> byPath = new HashMap<>();

  ProtoComments(FileDescriptorProto file) {
    for (Location location : file.getSourceCodeInfo().getLocationList()) {
      byPath.putIfAbsent(location.getPathList(), location);
    }
  }

  /** The leading comment at {@code path}, else its trailing one, else ""; lines stripped, paragraphs kept. */
  String at(List<Integer> path) {
    Location location = byPath.get(path);
    if (location == null) {
      return "";
    }
    String raw = location.hasLeadingComments() ? location.getLeadingComments() : location.getTrailingComments();
    StringBuilder text = new StringBuilder();
    for (String line : raw.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.isEmpty()) {
        text.append(text.isEmpty() || text.toString().endsWith("\n\n") ? "" : "\n\n");
      } else {
        text.append(text.isEmpty() || text.toString().endsWith("\n") ? "" : " ").append(stripped);
      }
    }
    return text.toString().strip();
  }

  boolean hasComment(List<Integer> path) {
    return !at(path).isEmpty();
  }
}
