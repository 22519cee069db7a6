package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps {@link RelayPathBenchmark} runnable: it runs once, in this JVM, for a moment, and must score
 * (every answer a 200 from the backend through the relay, or the benchmark fails). Says nothing
 * about performance.
 */
class RelayPathBenchmarkTest {

  @Test
  void theBenchmarkRelaysAndScores() throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(Pattern.quote(RelayPathBenchmark.class.getName()) + "\\.")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(300))
        .shouldFailOnError(true)
        .build()).run();

    assertEquals(1, results.size());
    RunResult result = results.iterator().next();
    assertTrue(result.getPrimaryResult().getScore() > 0, "scored " + result.getPrimaryResult().getScore());
  }
}
