package io.meshkit.registry.bench;

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
 * Keeps {@link ApplyBenchmark} runnable: every benchmark method and clock step runs once, in this
 * JVM, for a moment, on a small keyspace, and must report a positive score. Says nothing about
 * performance.
 */
class ApplyBenchmarkTest {

  @Test
  void everyBenchmarkRunsAndScores() throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(Pattern.quote(ApplyBenchmark.class.getName()) + "\\.")
        .param("keys", "1000")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .shouldFailOnError(true)
        .build()).run();

    assertEquals(6, results.size(), "one result per @Benchmark method and clock step");
    for (RunResult result : results) {
      assertTrue(result.getPrimaryResult().getScore() > 0,
          result.getParams().id() + " scored " + result.getPrimaryResult().getScore());
    }
  }
}
