package io.meshkit.gossip;

import io.meshkit.proto.gossip.v1.Update;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Membership updates waiting to be piggy-backed. Each is sent at most {@code limit(n)} times
 * (λ·ceil(log10(n+1))), least-sent first; a newer update about a member replaces the older one.
 */
final class BroadcastQueue {
  private final int multiplier;
  private final Map<String, Entry> byMember = new HashMap<>();
  private long sequence;

  private static final class Entry {
    final Update update;
    final long order;
    int transmits;

    Entry(Update update, long order) {
      this.update = update;
      this.order = order;
    }
  }

  BroadcastQueue(int multiplier) {
    this.multiplier = multiplier;
  }

  void add(String memberId, Update update) {
    byMember.put(memberId, new Entry(update, sequence++));
  }

  boolean isEmpty() {
    return byMember.isEmpty();
  }

  /** Up to {@code max} updates for one message; each counts as sent once more. */
  List<Update> take(int max, int members) {
    int limit = multiplier * (int) Math.ceil(Math.log10(members + 1.0));
    List<Entry> chosen = byMember.values().stream()
        .sorted(Comparator.comparingInt((Entry e) -> e.transmits).thenComparing(e -> -e.order))
        .limit(max).toList();
    List<Update> out = new ArrayList<>(chosen.size());
    for (Entry e : chosen) {
      out.add(e.update);
      e.transmits++;
    }
    byMember.values().removeIf(e -> e.transmits >= Math.max(1, limit));
    return out;
  }
}
