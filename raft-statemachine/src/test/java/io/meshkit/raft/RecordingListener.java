package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.fail;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** A {@link WatchListener} that records every call and checks calls never overlap. */
final class RecordingListener implements WatchListener {
  /** One call: "E" events, "P" progress, "C" canceled. */
  record Call(char kind, long revision, List<String> keys, ErrorCode code) {}

  private final List<Call> calls = new ArrayList<>();
  private final AtomicBoolean inCall = new AtomicBoolean();
  private final AtomicBoolean overlapped = new AtomicBoolean();
  final AtomicBoolean ready = new AtomicBoolean(true);

  private void record(Call call) {
    if (!inCall.compareAndSet(false, true)) {
      overlapped.set(true);
    }
    synchronized (this) {
      calls.add(call);
      notifyAll();
    }
    inCall.set(false);
  }

  @Override
  public void onEvents(long revision, List<Event> events) {
    List<String> keys = new ArrayList<>();
    for (Event e : events) {
      keys.add(e.getKv().getKey().toStringUtf8());
      if (e.getKv().getModRevision() != revision) {
        overlapped.set(true); // reuse the flag: any inconsistency fails checkSane()
      }
    }
    record(new Call('E', revision, keys, null));
  }

  @Override
  public void onProgress(long revision) {
    record(new Call('P', revision, List.of(), null));
  }

  @Override
  public void onCanceled(ErrorCode code, String reason, long compactRevision) {
    record(new Call('C', compactRevision, List.of(reason), code));
  }

  @Override
  public boolean isReady() {
    return ready.get();
  }

  synchronized List<Call> calls() {
    return new ArrayList<>(calls);
  }

  /** Revisions of the onEvents calls, in delivery order. */
  synchronized List<Long> eventRevisions() {
    return calls.stream().filter(c -> c.kind() == 'E').map(Call::revision).toList();
  }

  synchronized Call canceled() {
    return calls.stream().filter(c -> c.kind() == 'C').findFirst().orElse(null);
  }

  /** Waits (up to 60 s, generous on purpose) until {@code condition} holds. */
  synchronized void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("timed out waiting for " + what + "; calls so far: " + calls);
      }
      wait(Math.max(1, Math.min(100, left / 1_000_000)));
    }
  }

  void awaitRevision(long revision) throws InterruptedException {
    await("events of revision " + revision,
        () -> calls.stream().anyMatch(c -> c.kind() == 'E' && c.revision() >= revision));
  }

  void awaitCanceled() throws InterruptedException {
    await("cancellation", () -> canceled() != null);
  }

  void checkSane() {
    if (overlapped.get()) {
      fail("listener calls overlapped or carried a wrong mod_revision");
    }
  }
}
