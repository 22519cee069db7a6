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
 * come from MESHKIT_ENDPOINTS. Every command must exit 0; the watch runs until "Ctrl-C".
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
    ThreeMembers.run(dir, cluster -> {
      Map<String, String> env = Map.of(GlobalOptions.ENDPOINTS_ENV, String.join(",", cluster.clientEndpoints()));
      List<String> outputs = new ArrayList<>();
      for (List<String> tourArgs : tour) {
        String[] args = tourArgs.stream().map(a -> devToTest(a, cluster)).toArray(String[]::new);
        Cli cli = new Cli(env, "", ClientFactory.standard());
        Cli.Result r;
        if (tourArgs.contains("watch")) {
          CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> cli.execute(args));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (!cli.interrupts.armed() && !watch.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          cli.interrupts.interrupt();
          r = watch.get(30, TimeUnit.SECONDS);
        } else {
          r = cli.execute(args);
        }
        assertEquals(0, r.exitCode(), () -> "tour command " + tourArgs + " failed:\n" + r);
        outputs.add(String.join(" ", tourArgs) + "\n" + r.out());
      }
      String all = String.join("\n", outputs);
      assertTrue(all.contains("\"value\" : \"hello\""), all);
      assertTrue(all.contains("SUCCEEDED"), all);
    });
  }

  /** 127.0.0.1:7001..7003, the dev cluster's client ports, become the test members'. */
  private static String devToTest(String arg, MiniCluster cluster) {
    for (int i = 0; i < 3; i++) {
      arg = arg.replace("127.0.0.1:700" + (i + 1), cluster.clientEndpoint(i));
    }
    return arg;
  }
}
