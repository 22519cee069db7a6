package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.TestCluster;
import java.util.Random;

/**
 * A kind of fault. {@link #fault} starts one (choosing its victims with the run's seeded random) and
 * {@link #heal} ends whatever this nemesis started; the schedule alternates them and records both in
 * the history. Implementations act only through {@link TestCluster}, so they work on any program; the
 * partition nemeses need containers ({@code DockerCluster}) and refuse other clusters.
 */
public interface Nemesis {
  /** Name as given on the command line, e.g. {@code partition-halves}. */
  String name();

  /** Starts a fault; returns a description of exactly what it did, e.g. "partition n1 | n2 n3". */
  String fault(TestCluster<?> cluster, Random random);

  /** Ends every fault this nemesis started; returns a description. Idempotent. */
  String heal(TestCluster<?> cluster);
}
