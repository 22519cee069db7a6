package io.meshkit.samples.shardservice;

import io.meshkit.client.MeshkitClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shard-service}: one instance of the sample, until SIGTERM. */
@Command(name = "shard-service", mixinStandardHelpOptions = true,
    description = {"A sample data service: registers node --node at --listen, follows the shards the registry gives "
        + "it in --namespace and answers them over HTTP (421 Misdirected Request for the others), behind a relay.",
        "It holds the presence key samples/shard-service/live/<node> on a lease while it runs."},
    footer = {"", "Examples:",
        "  shard-service --node s1 --listen 127.0.0.1:9201 --namespace sample",
        "  shard-service --node s2 --listen 127.0.0.1:9202 --namespace sample --endpoints 10.0.0.1:7001,10.0.0.2:7001",
        "", "Exit codes: 0 stopped cleanly, 1 the cluster refused (message and hint printed), 2 bad arguments,",
        "3 the cluster could not be reached, 4 the lease or the registry watch was lost while running."})
public final class ShardServiceMain implements Callable<Integer> {
  @Option(names = "--node", required = true, paramLabel = "ID", description = "The node id it registers and serves as")
  String node;

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
      description = "Where it serves HTTP; registered as the node's endpoint, so it must be reachable by the relay")
  String listen;

  @Option(names = "--namespace", defaultValue = "sample", description = "The namespace whose shards it serves "
      + "(default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--endpoints", split = ",", paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003",
      description = "The cluster's client addresses (default: the dev quorum's)")
  List<String> endpoints;

  @Option(names = "--lease-ttl", paramLabel = "SECONDS", defaultValue = "10",
      description = "TTL of the presence lease in seconds (default: ${DEFAULT-VALUE})")
  int leaseTtlSeconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ShardServiceMain()).execute(args));
  }

  @Override
  public Integer call() {
    if (leaseTtlSeconds < 1) {
      System.err.println("shard-service: --lease-ttl must be at least 1 (seconds), got " + leaseTtlSeconds);
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    int[] exit = {0};
    ShardService service;
    try {
      service = ShardService.start(new ShardService.Settings(node, listen, endpoints, namespace,
          Duration.ofSeconds(leaseTtlSeconds)), () -> {
            System.err.println("shard-service: " + node + " lost its lease or its registry watch; stopping");
            exit[0] = 4;
            stopped.countDown();
          });
    } catch (IllegalArgumentException e) {
      System.err.println("shard-service: " + e.getMessage());
      return 2;
    } catch (MeshkitClientException e) {
      if (e.isClusterUnavailable()) {
        System.err.println("shard-service: the cluster at " + String.join(",", endpoints) + " did not answer ("
            + e.getMessage() + "): is it running (bin/meshkit dev up), and are --endpoints its client addresses?");
        return 3;
      }
      System.err.println("shard-service: the cluster refused: " + e.getMessage()
          + (e.hint().isEmpty() ? "" : " (hint: " + e.hint() + ")"));
      return 1;
    } catch (java.io.IOException e) {
      System.err.println("shard-service: cannot listen on " + listen + ": " + e.getMessage()
          + " (is another instance running there? pick another port)");
      return 2;
    }
    // SIGTERM/SIGINT: close inside the hook (the JVM may halt once hooks end), which revokes the lease.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "shard-service-stop"));
    System.err.println("shard-service: " + node + " serving namespace " + namespace + " on " + listen + ", owning "
        + service.owned().keySet() + " at revision " + service.revision());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    service.close();
    return exit[0];
  }
}
