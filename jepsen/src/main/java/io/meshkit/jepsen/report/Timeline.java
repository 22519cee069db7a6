package io.meshkit.jepsen.report;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpPair;
import java.util.ArrayList;
import java.util.List;

/**
 * A history's time axis: record times ({@link Op#timeNanos()}) as seconds since the earliest record,
 * operation latencies, and the nemesis events and fault intervals. The run ends at the latest record.
 * An invocation that never completed is taken to complete at the run end, so its latency is a lower
 * bound. Immutable.
 */
public final class Timeline {

  /**
   * A nemesis record.
   *
   * @param seconds when it was recorded, since the first record
   * @param function {@link OpFunction#FAULT} or {@link OpFunction#HEAL}
   * @param description the record's value, e.g. {@code "partition n1 | n2 n3"}; empty if none
   */
  public record Event(double seconds, OpFunction function, String description) {}

  /**
   * A period under fault: from a FAULT record to the next HEAL record, or to the run end if none.
   *
   * @param startSeconds when the fault began
   * @param endSeconds when it was healed (or the run ended)
   * @param description the FAULT record's description
   */
  public record Fault(double startSeconds, double endSeconds, String description) {}

  private final long originNanos;
  private final long endNanos;
  private final List<Event> events;

  private Timeline(long originNanos, long endNanos, List<Op> nemesisOps) {
    this.originNanos = originNanos;
    this.endNanos = endNanos;
    List<Event> list = new ArrayList<>(nemesisOps.size());
    for (Op op : nemesisOps) {
      list.add(new Event(seconds(op.timeNanos()), op.function(), op.value() == null ? "" : op.value().toString()));
    }
    this.events = List.copyOf(list);
  }

  /** The timeline of {@code history}; an empty history spans zero seconds. */
  public static Timeline of(History history) {
    long origin = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (Op op : history.ops()) {
      origin = Math.min(origin, op.timeNanos());
      end = Math.max(end, op.timeNanos());
    }
    if (history.ops().isEmpty()) {
      origin = 0;
      end = 0;
    }
    return new Timeline(origin, end, history.nemesisOps());
  }

  /** Whether the pair's invocation actually completed (rather than being paired with a synthesized INFO). */
  public static boolean completed(OpPair pair) {
    return pair.completion().index() != Long.MAX_VALUE;
  }

  /** A record time as seconds since the first record. */
  public double seconds(long timeNanos) {
    return (timeNanos - originNanos) / 1e9;
  }

  /** The run end (latest record) in seconds since the first record. */
  public double endSeconds() {
    return seconds(endNanos);
  }

  /** Completion time minus invocation time; the run end stands in for a missing completion. */
  public long latencyNanos(OpPair pair) {
    long completion = completed(pair) ? pair.completion().timeNanos() : endNanos;
    return completion - pair.invoke().timeNanos();
  }

  /** The nemesis records, in history order. */
  public List<Event> events() {
    return events;
  }

  /** One interval per FAULT record, in order; overlapping faults give overlapping intervals. */
  public List<Fault> faults() {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event start = events.get(i);
      if (start.function() != OpFunction.FAULT) {
        continue;
      }
      double end = endSeconds();
      for (int j = i + 1; j < events.size(); j++) {
        if (events.get(j).function() == OpFunction.HEAL) {
          end = events.get(j).seconds();
          break;
        }
      }
      faults.add(new Fault(start.seconds(), end, start.description()));
    }
    return List.copyOf(faults);
  }
}
