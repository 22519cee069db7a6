package io.meshkit.sharding;

/** Highest-random-weight choices over buckets numbered 0..n-1 or over weighted named buckets. */
final class Rendezvous {
  private Rendezvous() {}

  /** The bucket in [0, n) with the highest score for an item hashed to {@code itemHash}. */
  static int best(long itemHash, int n) {
    int best = 0;
    long bestScore = Long.MIN_VALUE;
    for (int b = 0; b < n; b++) {
      long score = StableHash.combine(itemHash, b);
      if (score > bestScore) {
        best = b;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * Weighted score of a named bucket for an item: {@code -weight / ln(u)} with {@code u} uniform in
   * (0, 1) from the pair's hash, so a bucket of twice the weight wins twice as often and adding a
   * bucket only takes items from the others (logarithmic method). StrictMath keeps it identical on
   * every JVM.
   */
  static double weightedScore(long itemHash, String bucket, double weight) {
    long h = StableHash.combine(itemHash, StableHash.of(bucket));
    return -weight / StrictMath.log(StableHash.unitInterval(h));
  }
}
