package io.meshkit.sharding;

import io.meshkit.proto.v1.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Key → shard, the relay's per-request lookup: {@link ShardMap#shardOf} for each strategy over a
 * rotating set of realistic keys (the map is built once per namespace version, outside the
 * measurement). Rendezvous is O(shards) per key, the ring O(log points), ranges O(log splits).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ShardMapBenchmark {
  private static final int KEYS = 4096;

  @Param({"rendezvous", "ring", "ranges"})
  public String strategy;

  @Param({"64", "1024"})
  public int shards;

  private ShardMap map;
  private String[] keys;
  private int next;

  @Setup
  public void build() {
    Namespace ns = switch (strategy) {
      case "rendezvous" -> Namespaces.rendezvous("bench", shards, 3);
      case "ring" -> Namespaces.ring("bench", shards, 3, 0);
      case "ranges" -> {
        List<String> splits = new ArrayList<>();
        for (int i = 1; i < shards; i++) {
          splits.add(String.format("customer-%05d", i * 100_000 / shards));
        }
        yield Namespaces.ranges("bench", splits);
      }
      default -> throw new IllegalArgumentException("strategy " + strategy);
    };
    map = ShardMap.of(ns);
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = String.format("customer-%05d", (i * 7919) % 100_000);
    }
  }

  @Benchmark
  public int shardOf() {
    next = (next + 1) & (KEYS - 1);
    return map.shardOf(keys[next]);
  }
}
