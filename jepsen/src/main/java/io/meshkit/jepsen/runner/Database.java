package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.cluster.EtcdProgram;
import io.meshkit.jepsen.cluster.MeshkitArtifacts;
import io.meshkit.jepsen.cluster.MeshkitProgram;
import io.meshkit.jepsen.workload.EtcdKvClient;
import io.meshkit.jepsen.workload.KvClient;
import io.meshkit.jepsen.workload.MeshkitKvClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the cluster runs: MeshKit, or etcd 3.4 for the cross-check (the same workloads, nemeses and
 * checkers against a system whose behaviour under faults is known). etcd runs only the workloads
 * that need nothing but {@link KvClient}.
 */
public enum Database {
  MESHKIT {
    @Override
    public DockerCluster start(int size, Path workDir, Duration readyTimeout) throws IOException, InterruptedException {
      return DockerCluster.start(MeshkitArtifacts.program(), size, MeshkitArtifacts.serverTarget(),
          MeshkitProgram.SERVER_DIR, workDir, readyTimeout);
    }

    @Override
    public KvClient client(String endpoint) {
      return new MeshkitKvClient(endpoint, CALL_TIMEOUT);
    }

    @Override
    public List<String> workloads() {
      return Workloads.names();
    }
  },

  ETCD {
    @Override
    public DockerCluster start(int size, Path workDir, Duration readyTimeout) throws IOException, InterruptedException {
      return DockerCluster.start(new EtcdProgram(), size, EtcdProgram.hostBinary(), EtcdProgram.BINARY, workDir,
          readyTimeout);
    }

    @Override
    public KvClient client(String endpoint) {
      return new EtcdKvClient(endpoint, CALL_TIMEOUT);
    }

    @Override
    public List<String> workloads() {
      return List.of("register", "set");
    }
  };

  /** Every client call's timeout; its expiry leaves a write's outcome unknown. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Starts a cluster of {@code size} nodes and waits until each is healthy.
   *
   * @param workDir receives one directory per node (config, data, {@code server.log})
   */
  public abstract DockerCluster start(int size, Path workDir, Duration readyTimeout)
      throws IOException, InterruptedException;

  /** A client bound to the node at {@code endpoint}, with {@link #CALL_TIMEOUT}. */
  public abstract KvClient client(String endpoint);

  /** The workloads this database can run, in {@link Workloads} order. */
  public abstract List<String> workloads();

  /** The command-line name, also the report's "database" field. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that this database can run {@code workload}.
   *
   * @throws IllegalArgumentException naming the workloads it can run
   */
  public void requireSupports(String workload) {
    if (!workloads().contains(workload)) {
      throw new IllegalArgumentException("workload '" + workload + "' does not run against " + label()
          + "; it runs " + String.join(", ", workloads()));
    }
  }

  /**
   * The database with command-line name {@code name}.
   *
   * @throws IllegalArgumentException naming the choices
   */
  public static Database parse(String name) {
    for (Database database : values()) {
      if (database.label().equals(name)) {
        return database;
      }
    }
    throw new IllegalArgumentException("unknown database '" + name + "'; choose meshkit or etcd");
  }
}
