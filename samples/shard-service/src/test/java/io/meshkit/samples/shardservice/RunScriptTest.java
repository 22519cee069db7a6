package io.meshkit.samples.shardservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.server.ConfigLoader;
import io.meshkit.server.RelayConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The pieces the one-command {@code run} script puts together exist and agree: the jar it starts is this
 * module's, the class is the sample's main, the relay config it passes loads with the relay's own loader
 * and routes the script's namespace on the admin port it waits on, and bin/meshkit has the verbs it calls.
 * (ShardServiceIT runs the same classes and relay.yaml against a real cluster; the script itself was run by
 * hand, see the README.)
 */
class RunScriptTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = MODULE.resolve("../..").normalize();

  private static String script() throws Exception {
    Path run = MODULE.resolve("run");
    assertTrue(Files.isExecutable(run), run + " is executable");
    return Files.readString(run);
  }

  private static String assignment(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=\"?([^\"\\n]*)\"?$").matcher(text);
    assertTrue(m.find(), name + " in the script");
    return m.group(1);
  }

  @Test
  void theScriptStartsThisModulesJarAndMainClass() throws Exception {
    String run = script();
    String pom = Files.readString(MODULE.resolve("pom.xml"));
    Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
    assertTrue(artifact.find());
    assertEquals("$SAMPLE_DIR/target/" + artifact.group(1) + "-$MESHKIT_VERSION.jar", assignment(run, "SAMPLE_JAR"));
    assertTrue(run.contains(" " + ShardServiceMain.class.getName() + " "), "the main class");
    String bin = Files.readString(ROOT.resolve("bin/meshkit"));
    assertTrue(Pattern.compile("\\n\\s*server\\|relay[|a-z-]*\\)").matcher(bin).find() && bin.contains("up) dev_up"),
        "bin/meshkit has the relay and dev up verbs the script calls");
    assertTrue(Files.isExecutable(ROOT.resolve("bin/meshctl")));
  }

  @Test
  void theRelayConfigLoadsAndRoutesTheScriptsNamespaceOnItsAdminPort() throws Exception {
    String run = script();
    RelayConfig.Resolved relay = ConfigLoader.load(MODULE.resolve("relay.yaml"), Map.of(), RelayConfig.class)
        .validate();
    assertTrue(relay.admin().endsWith(":" + assignment(run, "RELAY_ADMIN_PORT")), relay.admin());
    assertTrue(Files.readString(MODULE.resolve("relay.yaml"))
        .contains("{namespace: " + assignment(run, "NAMESPACE") + ", pathPrefix: /" + assignment(run, "NAMESPACE")
            + "}"), "the relay routes /<namespace>/<key> to the script's namespace");
    assertTrue(run.contains("relay --config \"$SAMPLE_DIR/relay.yaml\""), "the relay is started with it");
  }

  @Test
  void badArgumentsExitTwoWithOneLineNamingTheFix() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new ShardServiceMain()).execute("--node", "s1", "--listen", "localhost");
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, code);
    assertEquals("shard-service: --listen 'localhost' is not host:port, e.g. 127.0.0.1:9201",
        err.toString(StandardCharsets.UTF_8).strip());
    String help = new CommandLine(new ShardServiceMain()).getUsageMessage();
    assertTrue(help.lines().filter(l -> l.startsWith("  shard-service --node")).count() >= 2, help);
  }
}
