package io.meshkit.perf;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/perf}: MeshKit's performance suite. */
@Command(name = "perf", mixinStandardHelpOptions = true,
    subcommands = {CompareCommand.class, RunCommand.class, RecoveryCommand.class, GossipCommand.class,
        RelayCommand.class},
    description = "MeshKit's performance suite: the same load generator against MeshKit and etcd 3.4.")
public final class PerfMain implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PerfMain()).execute(args));
  }
}
