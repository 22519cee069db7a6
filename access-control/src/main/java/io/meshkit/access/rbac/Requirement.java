package io.meshkit.access.rbac;

import io.meshkit.proto.v1.Access;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One thing a call needs: {@code access} to {@code api} on a resource — a single name or key
 * ({@code rangeEnd == null}), or the keys in [{@code resource}, {@code rangeEnd}) with etcd's
 * conventions ({@code rangeEnd} of one zero byte = every key from {@code resource} on).
 *
 * <p>A {@link io.meshkit.proto.v1.Permission} covers a requirement when its api matches (or is
 * {@code *}), its access is at least the one needed (write includes read) and every resource the
 * requirement names starts with the permission's prefix. A range is covered only by one permission
 * whose prefix spans the whole range.
 */
public record Requirement(String api, Access access, byte[] resource, byte[] rangeEnd) {
  private static final byte[] ALL = new byte[0];

  public Requirement {
    resource = resource == null ? ALL : resource;
  }

  /** {@code access} to {@code api} on the resource named {@code name} ({@code ""} = the whole API). */
  public static Requirement of(String api, Access access, String name) {
    return new Requirement(api, access, name.getBytes(StandardCharsets.UTF_8), null);
  }

  /** {@code access} to the keys of {@code api} from {@code key} to {@code rangeEnd} (empty = just the key). */
  public static Requirement keys(String api, Access access, byte[] key, byte[] rangeEnd) {
    return new Requirement(api, access, key, rangeEnd == null || rangeEnd.length == 0 ? null : rangeEnd);
  }

  /** Whether {@code prefix} covers every resource this requirement names. */
  boolean coveredBy(byte[] prefix) {
    if (!startsWith(resource, prefix)) {
      return false;
    }
    if (rangeEnd == null || prefix.length == 0) {
      return true;
    }
    if (rangeEnd.length == 1 && rangeEnd[0] == 0) {
      return false; // every key from resource on: only the empty prefix spans that
    }
    byte[] prefixEnd = prefixEnd(prefix);
    return prefixEnd == null || Arrays.compareUnsigned(rangeEnd, prefixEnd) <= 0;
  }

  /** The first key after every key starting with {@code prefix}; null when there is none. */
  private static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] value, byte[] prefix) {
    return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** For denial messages: {@code write on kv "app/"..."app0"}. */
  public String describe() {
    String what = access.name().toLowerCase(java.util.Locale.ROOT) + " on " + api;
    if (resource.length == 0 && rangeEnd == null) {
      return what;
    }
    String from = new String(resource, StandardCharsets.UTF_8);
    if (rangeEnd == null) {
      return what + " \"" + from + "\"";
    }
    if (rangeEnd.length == 1 && rangeEnd[0] == 0) {
      return what + " \"" + from + "\" and every key after it";
    }
    return what + " [\"" + from + "\", \"" + new String(rangeEnd, StandardCharsets.UTF_8) + "\")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requirement r && api.equals(r.api) && access == r.access && Arrays.equals(resource, r.resource)
        && Arrays.equals(rangeEnd, r.rangeEnd);
  }

  @Override
  public int hashCode() {
    return (api.hashCode() * 31 + access.hashCode()) * 31 + Arrays.hashCode(resource);
  }

  @Override
  public String toString() {
    return describe();
  }
}
