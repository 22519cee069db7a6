package io.meshkit.perf.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a run's operations came to, recorded from many threads: a latency histogram of the
 * successes (microseconds, 3 significant digits, up to one minute) and failures counted by code.
 * Only operations that started inside the measurement window are recorded; see {@link Window}.
 */
public final class Outcomes {
  private static final long MAX_MICROS = 60_000_000L;

  private final Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Function<Throwable, String> errorCode;

  /** @param errorCode names a failure's kind (the system's error code) */
  public Outcomes(Function<Throwable, String> errorCode) {
    this.errorCode = errorCode;
  }

  public void succeeded(long latencyNanos) {
    latency.recordValue(Math.min(MAX_MICROS, Math.max(0, latencyNanos / 1000)));
  }

  public void failed(Throwable failure) {
    failed(errorCode.apply(failure));
  }

  public void failed(String code) {
    errors.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  /** A copy of the latency histogram (microseconds). */
  public Histogram latency() {
    return latency.copy();
  }

  /** Failures by code, sorted by code. */
  public Map<String, Long> errors() {
    Map<String, Long> copy = new TreeMap<>();
    errors.forEach((code, n) -> copy.put(code, n.sum()));
    return copy;
  }
}
