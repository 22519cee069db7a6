package io.meshkit.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The table-mode text of the {@code peers} commands: whose view it is, aligned columns for the
 * list, one line per peer or change for the watch ({@code n3  alive → suspect  inc 4}).
 */
final class PeerText {
  private PeerText() {}

  /** {@code view of ID}: gossip views are per member, so every listing says whose it is. */
  static String viewOf(String memberId) {
    return "view of " + memberId;
  }

  /** The first line names the answering member, then one row per peer. */
  static void peers(PrintWriter out, PeerViews.PeerList list) {
    out.println(viewOf(list.memberId()));
    TextTable table = new TextTable("ID", "STATUS", "INCARNATION", "RTT", "ZONE", "ADDRESS", "STATUS AGE",
        "METADATA AGE");
    list.peers().forEach(p -> table.row(p.id(), p.status(), p.incarnation(), rtt(p.smoothedRttMs()), p.zone(),
        p.address(), age(p.statusAgeMs()), age(p.metadataAgeMs())));
    table.print(out);
  }

  /**
   * {@code ID  STATUS  inc N} for a peer first reported; for a change the status and incarnation as
   * {@code a → b} where they differ, and {@code metadata k=v,...} when the metadata changed.
   */
  static void change(PrintWriter out, PeerViews.PeerChange change) {
    PeerViews.PeerInfo before = change.before();
    PeerViews.PeerInfo after = change.after();
    StringBuilder line = new StringBuilder(after.id()).append("  ");
    line.append(before == null || before.status().equals(after.status()) ? after.status()
        : before.status() + RegistryText.ARROW + after.status());
    line.append("  inc ");
    line.append(before == null || before.incarnation() == after.incarnation() ? Long.toString(after.incarnation())
        : before.incarnation() + RegistryText.ARROW + after.incarnation());
    if (before != null && before.metadataVersion() != after.metadataVersion()) {
      line.append("  metadata ").append(RegistryText.labels(after.metadata()));
    }
    out.println(line);
  }

  /** {@code 0.42ms}, {@code 12.5ms}; {@code -} when not probed yet (null). */
  static String rtt(Double ms) {
    return ms == null ? "-"
        : BigDecimal.valueOf(ms).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "ms";
  }

  /** Whole seconds, minutes and hours: {@code 12s}, {@code 4m12s}, {@code 3h7m}, {@code 2d5h}. */
  static String age(long ms) {
    long s = Math.max(0, ms) / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + s % 60 + "s";
    }
    if (s < 86_400) {
      return s / 3600 + "h" + s % 3600 / 60 + "m";
    }
    return s / 86_400 + "d" + s % 86_400 / 3600 + "h";
  }
}
