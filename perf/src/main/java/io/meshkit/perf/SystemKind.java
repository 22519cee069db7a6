package io.meshkit.perf;

import io.meshkit.perf.cluster.EtcdCluster;
import io.meshkit.perf.cluster.ManagedCluster;
import io.meshkit.perf.cluster.MeshkitCluster;
import io.meshkit.perf.systems.EtcdTarget;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.systems.MeshkitTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The systems the suite drives, by their command-line names: how to start one and how to talk to it. */
enum SystemKind {
  MESHKIT, ETCD;

  static SystemKind parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown system '" + name + "': use meshkit or etcd");
    }
  }

  String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  KvTarget target(List<String> endpoints, Duration timeout) {
    return this == ETCD ? new EtcdTarget(endpoints, timeout) : new MeshkitTarget(endpoints, timeout);
  }

  /** A fresh three-member cluster under {@code dir}; MeshKit's from {@code serverJar}. */
  ManagedCluster start(Path serverJar, Path dir) throws IOException, InterruptedException {
    return this == ETCD ? EtcdCluster.start(dir) : MeshkitCluster.start(serverJar, dir);
  }
}
