package io.meshkit.sharding;

import java.util.Arrays;

/**
 * A consistent-hash ring: sorted points, each owned by a bucket index. Ties between points of equal
 * hash go to the lower bucket index, so construction order never matters.
 */
final class Ring {
  private final long[] points;
  private final int[] owners;

  private Ring(long[] points, int[] owners) {
    this.points = points;
    this.owners = owners;
  }

  /** Shards 0..n-1, {@code virtualNodes} points each at {@code hash("<shard>#<v>")}. */
  static Ring ofShards(int shards, int virtualNodes) {
    int[] counts = new int[shards];
    Arrays.fill(counts, virtualNodes);
    String[] names = new String[shards];
    for (int s = 0; s < shards; s++) {
      names[s] = Integer.toString(s);
    }
    return of(names, counts);
  }

  /** Bucket i takes {@code counts[i]} points at {@code hash("<names[i]>#<v>")}. */
  static Ring of(String[] names, int[] counts) {
    int total = Arrays.stream(counts).sum();
    long[][] pairs = new long[total][];
    int k = 0;
    for (int b = 0; b < names.length; b++) {
      for (int v = 0; v < counts[b]; v++) {
        pairs[k++] = new long[] {StableHash.of(names[b] + "#" + v), b};
      }
    }
    Arrays.sort(pairs, (x, y) -> x[0] != y[0] ? Long.compareUnsigned(x[0], y[0]) : Long.compare(x[1], y[1]));
    long[] points = new long[total];
    int[] owners = new int[total];
    for (int i = 0; i < total; i++) {
      points[i] = pairs[i][0];
      owners[i] = (int) pairs[i][1];
    }
    return new Ring(points, owners);
  }

  /** The owner of the first point at or after {@code h} (unsigned order), wrapping around. */
  int owner(long h) {
    return owners[firstAtOrAfter(h)];
  }

  /** Point positions from the one at or after {@code h}, clockwise: callers walk it for replicas. */
  int firstAtOrAfter(long h) {
    int low = 0;
    int high = points.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(points[mid], h) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low == points.length ? 0 : low;
  }

  int size() {
    return points.length;
  }

  int ownerAt(int position) {
    return owners[position % points.length];
  }
}
