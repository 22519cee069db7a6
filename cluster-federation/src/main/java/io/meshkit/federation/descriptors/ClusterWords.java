package io.meshkit.federation.descriptors;

import java.util.Locale;

/** Cluster roles and states as operators write them in messages: "primary", "failed-over". */
public final class ClusterWords {
  private ClusterWords() {}

  public static String word(Enum<?> value) {
    return value.name().replaceFirst("^CLUSTER_", "").toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
