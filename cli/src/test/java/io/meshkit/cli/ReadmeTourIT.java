package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.server.MiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's meshctl tour, run line by line as written against three real members: the dev
 * cluster's addresses (127.0.0.1:7001..7003) are mapped to the test cluster's, the default endpoints
 * come from MESHKIT_ENDPOINTS. Every command must exit 0. Watches, keepalives and campaigns run until
 * "Ctrl-C"; a command ending in {@code &} runs in the background, as a shell would run it, until
 * the tour is over.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadmeTourIT {
  private static final Path README = Path.of("..", "README.md");

  @TempDir
  Path dir;

  /** The tour's commands, each as meshctl arguments ({@code a && b} gives two). */
  static List<List<String>> tourCommands() throws Exception {
    String readme = Files.readString(README);
    int section = readme.indexOf("## A meshctl tour");
    assertTrue(section >= 0, "README has a meshctl tour");
    int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    List<List<String>> commands = new ArrayList<>();
    for (String line : block.lines().toList()) {
      List<String> command = new ArrayList<>();
      for (String token : TxnParser.tokens(line)) {
        if (token.startsWith("#")) {
          break;
        }
        if (token.equals("&&")) {
          commands.add(command);
          command = new ArrayList<>();
        } else {
          command.add(token);
        }
      }
      if (!command.isEmpty()) {
        commands.add(command);
      }
    }
    commands.forEach(c -> assertEquals("bin/meshctl", c.get(0), "tour line " + c));
    return commands.stream().map(c -> c.subList(1, c.size())).toList();
  }

  @Test
  void everyTourCommandWorksAsWritten() throws Exception {
    List<List<String>> tour = tourCommands();
    assertTrue(tour.size() >= 10, "the tour lost commands: " + tour);
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      Map<String, String> env = Map.of(GlobalOptions.ENDPOINTS_ENV, String.join(",", cluster.clientEndpoints()));
      List<String> outputs = new ArrayList<>();
      List<Running> inBackground = new ArrayList<>();
      for (List<String> tourArgs : tour) {
        boolean background = tourArgs.get(tourArgs.size() - 1).equals("&");
        List<String> command = background ? tourArgs.subList(0, tourArgs.size() - 1) : tourArgs;
        String[] args = command.stream().map(a -> devToTest(a, cluster)).toArray(String[]::new);
        Cli cli = new Cli(env, "", ClientFactory.standard());
        Cli.Result r;
        if (background) {
          inBackground.add(Running.start(command, cli, args));
          continue;
        } else if (runsUntilInterrupted(command)) {
          r = Running.start(command, cli, args).interrupt();
        } else {
          r = cli.execute(args);
        }
        assertEquals(0, r.exitCode(), () -> "tour command " + tourArgs + " failed:\n" + r);
        outputs.add(String.join(" ", tourArgs) + "\n" + r.out());
      }
      for (Running running : inBackground) {
        Cli.Result r = running.interrupt();
        assertEquals(0, r.exitCode(), () -> "tour command " + running.command() + " & failed:\n" + r);
        outputs.add(String.join(" ", running.command()) + " &\n" + r.out());
      }
      String all = String.join("\n", outputs);
      assertTrue(all.contains("\"value\" : \"hello\""), all);
      assertTrue(all.contains("SUCCEEDED"), all);
      assertTrue(all.contains("lease 42 revoked; 1 attached key(s)"), all);
      assertTrue(all.contains("elected ctl as node-1, token "), all);
      assertTrue(all.lines().anyMatch(l -> l.matches("ctl +node-1 +\\d+ +\\d+ +10\\.0\\.0\\.1:7001")), all);
      assertTrue(all.contains("view of n1\nID "), all);
      assertTrue(all.contains("\"member_id\" : \"n2\""), all);
    });
  }

  /** Commands that run until Ctrl-C in the foreground: watches, keepalives, campaigns. */
  private static boolean runsUntilInterrupted(List<String> command) {
    return command.contains("watch") || command.contains("keep-alive") && !command.contains("--once")
        || command.contains("campaign") && !command.contains("--no-wait");
  }

  /**
   * A long-running tour command on another thread (a shell's {@code &}, or one the user ends with
   * Ctrl-C). A campaign or keepalive has started once it printed its first line; a watch once it
   * waits for interrupts (it may print nothing).
   */
  private record Running(List<String> command, Cli cli, CompletableFuture<Cli.Result> result) {
    static Running start(List<String> command, Cli cli, String[] args) throws InterruptedException {
      Running running = new Running(command, cli, CompletableFuture.supplyAsync(() -> cli.execute(args)));
      boolean printsFirst = !command.contains("watch");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!running.result.isDone() && System.nanoTime() < deadline
          && !(cli.interrupts.armed() && (!printsFirst || !cli.outSoFar().isEmpty()))) {
        Thread.sleep(20);
      }
      return running;
    }

    /** Ctrl-C, then its result. */
    Cli.Result interrupt() throws Exception {
      cli.interrupts.interrupt();
      return result.get(30, TimeUnit.SECONDS);
    }
  }

  /** 127.0.0.1:7001..7003, the dev cluster's client ports, become the test members'. */
  private static String devToTest(String arg, MiniCluster cluster) {
    for (int i = 0; i < 3; i++) {
      arg = arg.replace("127.0.0.1:700" + (i + 1), cluster.clientEndpoint(i));
    }
    return arg;
  }
}
