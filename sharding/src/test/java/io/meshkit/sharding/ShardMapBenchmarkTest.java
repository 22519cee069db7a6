package io.meshkit.sharding;

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

/** Keeps {@link ShardMapBenchmark} runnable: every strategy runs once, briefly, in this JVM. Says nothing about speed. */
class ShardMapBenchmarkTest {

  @Test
  void everyStrategyRunsAndScores() throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(Pattern.quote(ShardMapBenchmark.class.getName()) + "\\.")
        .param("shards", "64")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .build()).run();
    assertEquals(3, results.size(), "one result per strategy");
    for (RunResult result : results) {
      assertTrue(result.getPrimaryResult().getScore() > 0, result.getParams().id());
    }
  }
}
