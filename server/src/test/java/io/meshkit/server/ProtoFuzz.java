package io.meshkit.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random request bytes for a protobuf message type, all from one seeded {@link Random}: raw noise,
 * well-formed messages with random field values (huge strings, extreme numbers, odd text), and such
 * messages mutated at the byte level (flips, insertions, deletions, truncation, a string field holding
 * bytes that are not UTF-8, a length prefix that lies).
 */
final class ProtoFuzz {
  private static final int MAX_DEPTH = 3;
  private static final List<String> ODD_TEXT = List.of("", "a", "k", "/", "..", "../../etc/passwd", "%", "%zz",
      "\u0000", "a\u0000b", "\uFFFD", "\uD83D\uDE00", " ", "default", "meshkit/rebalancer", "n1", "orders",
      "-1", "9223372036854775808", "{\"a\":1}", "<script>", "${jndi:ldap://x}");
  private static final List<Long> ODD_NUMBERS = List.of(0L, 1L, -1L, 2L, 7L, 64L, 1000L, Integer.MAX_VALUE + 0L,
      Integer.MIN_VALUE + 0L, Long.MAX_VALUE, Long.MIN_VALUE);

  private final Random random;

  ProtoFuzz(Random random) {
    this.random = random;
  }

  /** Bytes that are most likely no message at all. */
  byte[] noise() {
    byte[] b = new byte[random.nextInt(4) == 0 ? random.nextInt(4096) : random.nextInt(48)];
    random.nextBytes(b);
    return b;
  }

  /** A well-formed message of {@code prototype}'s type with random field values. */
  Message message(Message prototype) {
    return fill(prototype.newBuilderForType(), 0).build();
  }

  /** One of the ways of making bytes for {@code prototype}'s type, chosen at random. */
  byte[] request(Message prototype) {
    return switch (random.nextInt(6)) {
      case 0 -> noise();
      case 1, 2 -> message(prototype).toByteArray();
      default -> mutate(message(prototype).toByteArray(), prototype.getDescriptorForType());
    };
  }

  /** {@code valid} changed at the byte level. */
  byte[] mutate(byte[] valid, Descriptor type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(7)) {
      case 0 -> { // flip bytes
        byte[] b = valid.clone();
        for (int i = 0; i < 1 + random.nextInt(4) && b.length > 0; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case 1 -> { // insert random bytes
        int at = valid.length == 0 ? 0 : random.nextInt(valid.length + 1);
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        out.write(valid, 0, at);
        out.writeBytes(extra);
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
      }
      case 2 -> { // delete a run
        if (valid.length == 0) {
          return valid;
        }
        int at = random.nextInt(valid.length);
        int len = 1 + random.nextInt(Math.min(8, valid.length - at));
        out.write(valid, 0, at);
        out.write(valid, at + len, valid.length - at - len);
        return out.toByteArray();
      }
      case 3 -> { // truncate
        return java.util.Arrays.copyOf(valid, valid.length == 0 ? 0 : random.nextInt(valid.length));
      }
      case 4 -> { // a string field that is not UTF-8 (the last occurrence of a field wins)
        out.writeBytes(valid);
        List<FieldDescriptor> strings = type.getFields().stream()
            .filter(f -> f.getType() == FieldDescriptor.Type.STRING).toList();
        int number = strings.isEmpty() ? 1 + random.nextInt(8) : strings.get(random.nextInt(strings.size())).getNumber();
        byte[] bad = {'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        writeField(out, number, bad);
        return out.toByteArray();
      }
      case 5 -> { // a length prefix far beyond the message
        out.writeBytes(valid);
        out.write((1 + random.nextInt(15)) << 3 | 2);
        writeVarint(out, 1L << (20 + random.nextInt(11)));
        out.writeBytes(new byte[] {1, 2, 3});
        return out.toByteArray();
      }
      default -> { // an unknown field
        out.writeBytes(valid);
        writeField(out, 1000 + random.nextInt(100_000), "unknown".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
      }
    }
  }

  private Message.Builder fill(Message.Builder builder, int depth) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
        continue;
      }
      if (field.isRepeated()) {
        int n = random.nextInt(10) == 0 ? 40 + random.nextInt(60) : random.nextInt(4);
        for (int i = 0; i < n; i++) {
          builder.addRepeatedField(field, value(builder, field, depth));
        }
      } else {
        builder.setField(field, value(builder, field, depth));
      }
    }
    return builder;
  }

  private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
    return switch (field.getJavaType()) {
      case INT -> (int) number();
      case LONG -> number();
      case FLOAT -> (float) decimal();
      case DOUBLE -> decimal();
      case BOOLEAN -> random.nextBoolean();
      case STRING -> text();
      case BYTE_STRING -> ByteString.copyFromUtf8(text());
      case ENUM -> {
        List<EnumValueDescriptor> values = field.getEnumType().getValues();
        yield values.get(random.nextInt(values.size()));
      }
      case MESSAGE -> fill(parent.newBuilderForField(field), depth + 1).build();
    };
  }

  private long number() {
    return random.nextInt(3) == 0 ? random.nextLong() : ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size()));
  }

  private double decimal() {
    double[] odd = {0, -1, 0.5, 1e308, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    return random.nextBoolean() ? random.nextDouble() * 2000 - 1000 : odd[random.nextInt(odd.length)];
  }

  private String text() {
    int pick = random.nextInt(20);
    if (pick == 0) {
      return "x".repeat(100_000 + random.nextInt(400_000)); // over every text limit
    }
    if (pick == 1) {
      return "fuzz-" + "y".repeat(200 + random.nextInt(5_000));
    }
    if (pick < 8) {
      return ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
    }
    StringBuilder s = new StringBuilder("fuzz-");
    for (int i = random.nextInt(12); i > 0; i--) {
      s.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26)));
    }
    return s.toString();
  }

  private static void writeField(ByteArrayOutputStream out, int number, byte[] bytes) {
    writeVarint(out, (long) number << 3 | 2);
    writeVarint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    try {
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.writeUInt64NoTag(value);
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
