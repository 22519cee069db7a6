package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.Fence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Parsing, usage errors, help and exit codes: everything decided before a connection is made. */
class MeshctlCommandLineTest {
  /** A client factory that must not be reached: usage errors stop before connecting. */
  private static final ClientFactory NO_CLIENT = (endpoints, timeout, tls) -> {
    throw new AssertionError("a usage error must not open a client");
  };

  private static Cli.Result run(String... args) {
    return new Cli(Map.of(), "", NO_CLIENT).execute(args);
  }

  private static void assertUsageError(Cli.Result r, String expected) {
    assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    assertTrue(r.err().startsWith("Error: "), r::toString);
    assertTrue(r.err().contains(expected), () -> "stderr should contain '" + expected + "':\n" + r);
    assertNoStackTrace(r);
    assertEquals("", r.out(), "usage errors print nothing to stdout");
  }

  static void assertNoStackTrace(Cli.Result r) {
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:") || r.err().contains("Caused by"),
        () -> "no stack trace for the user:\n" + r);
  }

  @Test
  void noCommandIsAUsageErrorThatListsTheCommands() {
    assertUsageError(run(), "Missing command: choose one of cluster, kv, lease, leaders, ns, shards, nodes, audit, peers");
    assertUsageError(run("kv"), "choose one of put, get, del, txn, watch, compact");
    assertUsageError(run("cluster"), "choose one of status, health");
    assertUsageError(run("lease"), "choose one of grant, revoke, keep-alive, ttl, list");
    assertUsageError(run("leaders"), "choose one of list, get, watch, campaign, resign");
    assertUsageError(run("ns"), "choose one of create, get, list, update, delete");
    assertUsageError(run("shards"), "choose one of create, list, get, resolve, assign, transfer, status, diff, watch");
    assertUsageError(run("nodes"), "choose one of register, update, list, get, cordon, uncordon, drain, decommission");
    assertUsageError(run("audit"), "choose one of list");
    assertUsageError(run("peers"), "choose one of list, watch");
  }

  @Test
  void picocliUsageErrorsExitTwoWithTheUsage() {
    Cli.Result unknown = run("kv", "get", "k", "--bogus");
    assertUsageError(unknown, "Unknown option: '--bogus'");
    assertTrue(unknown.err().contains("Usage: meshctl kv get"), unknown::toString);
    assertUsageError(run("kv", "get"), "Missing required parameter: 'KEY'");
    assertUsageError(run("kv", "gett", "k"), "Did you mean: kv get?");
    assertUsageError(run("-o", "xml", "kv", "get", "k"), "Invalid value for option '--output'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x", "0s", "-1s", "1.5s", ""})
  void badTimeoutsAreUsageErrors(String timeout) {
    assertUsageError(run("kv", "get", "k", "--timeout", timeout), "--timeout");
  }

  @Test
  void badEndpointsAreUsageErrorsNamingWhereTheyCameFrom() {
    assertUsageError(run("--endpoints", "localhost", "kv", "get", "k"),
        "--endpoints: invalid endpoint 'localhost': expected host:port");
    assertUsageError(run("kv", "get", "k", "--endpoints", "http://a:1"), "drop the scheme");
    assertUsageError(run("kv", "get", "k", "--endpoints", ","), "no endpoints given");
    Cli.Result fromEnv = new Cli(Map.of(GlobalOptions.ENDPOINTS_ENV, "a:b"), "", NO_CLIENT).execute("kv", "get", "k");
    assertUsageError(fromEnv, "$MESHKIT_ENDPOINTS: invalid endpoint 'a:b'");
  }

  @Test
  void argumentsPicocliCannotCheckAreUsageErrorsToo(@TempDir Path dir) throws Exception {
    assertUsageError(run("kv", "get", "k", "--prefix", "--from-key"), "give at most one");
    assertUsageError(run("kv", "del", "k", "--prefix", "--range-end", "z"), "give at most one");
    assertUsageError(run("kv", "get", "k", "--limit", "-1"), "--limit must be 0");
    assertUsageError(run("kv", "watch", "k", "--rev", "-5"), "--rev must be");
    assertUsageError(run("kv", "compact", "-3"), "REV must be");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not really a CA");
    assertUsageError(run("kv", "get", "k", "--cacert", dir.resolve("missing.pem").toString()), "does not exist");
    assertUsageError(run("kv", "get", "k", "--cacert", ca.toString(), "--cert", ca.toString()),
        "give both --cert and --key");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "ctl        | 'ctl' has no token: write it as SCOPE:TOKEN, e.g. ctl:42",
      ":42        | ':42' has no scope: write it as SCOPE:TOKEN",
      "ctl:       | '' is not a token: write it as SCOPE:TOKEN",
      "ctl:abc    | 'abc' is not a token: write it as SCOPE:TOKEN",
      "ctl:0      | token 0 cannot be current (tokens are positive): write it as SCOPE:TOKEN",
      "ctl:-3     | token -3 cannot be current"})
  void aBadFenceIsAUsageErrorOnEveryWriteSayingHowToWriteIt(String fence, String expected) {
    for (String[] write : new String[][] {{"kv", "put", "k", "v"}, {"kv", "del", "k"}, {"kv", "txn", "--then",
        "put k v"}}) {
      String[] args = Stream.concat(Arrays.stream(write), Stream.of(
          "--fence", fence)).toArray(String[]::new);
      Cli.Result r = run(args);
      assertUsageError(r, "Invalid value for option '--fence'");
      assertTrue(r.err().contains(expected), () -> "stderr should contain '" + expected + "':\n" + r);
      assertTrue(r.err().contains("'meshctl leaders get SCOPE' shows the token"), r::toString);
    }
  }

  @Test
  void fencesTakeTheScopeUpToTheLastColon() {
    assertEquals(Fence.newBuilder().setScope("ctl").setToken(42).build(), FenceOption.parse("ctl:42"));
    assertEquals(Fence.newBuilder().setScope("team:a").setToken(7).build(),
        FenceOption.parse("team:a:7"));
  }

  @Test
  void leaseAndLeadersArgumentsAreCheckedBeforeConnecting() {
    assertUsageError(run("lease", "grant", "500ms"), "TTL 500ms is below the minimum lease TTL of 1s");
    assertUsageError(run("lease", "grant", "0s"), "is zero");
    assertUsageError(run("lease", "grant", "10"), "'10' is not a duration; write it like 500ms, 5s, 1m or 2h");
    assertUsageError(run("lease", "grant", "10s", "--id", "-1"), "--id must be a positive lease id");
    assertUsageError(run("lease", "revoke", "0"), "ID must be a positive lease id, got 0");
    assertUsageError(run("lease", "keep-alive", "x"), "Invalid value for positional parameter at index 0 (ID)");
    assertUsageError(run("lease", "ttl", "-4", "--keys"), "ID must be a positive lease id");
    assertUsageError(run("leaders", "get"), "Missing required parameter: 'SCOPE'");
    assertUsageError(run("leaders", "get", ""), "SCOPE must not be empty");
    assertUsageError(run("leaders", "watch", "--rev", "-1"), "--rev must be");
    assertUsageError(run("leaders", "campaign", "ctl"), "Missing required parameter: 'CANDIDATE'");
    assertUsageError(run("leaders", "campaign", "ctl", "a", "--ttl", "999ms"), "--ttl 999ms is below the minimum");
    assertUsageError(run("leaders", "campaign", "ctl", "a", "--ttl", "5s", "--lease", "7"), "give one of them");
    assertUsageError(run("leaders", "campaign", "ctl", "a", "--lease", "-7"), "--lease must be a positive lease id");
    assertUsageError(run("leaders", "resign", "ctl", "a", "--revision", "-2"), "--lease and --revision are positive");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "ns create orders                                        | give --shards N (or --strategy ranges",
      "ns create orders --shards -4                            | --shards must be 0 or more, got -4",
      "ns create orders --shards 4 --replicas -1               | --replicas must be 0 or more",
      "ns create orders --shards 0                             | shard count 0 is out of range",
      "ns create orders --strategy ranges --split-points a,,b  | --split-points 'a,,b' has an empty item",
      "ns create orders --strategy ranges --split-points m,c    | split points must increase strictly",
      "ns create orders --strategy ring --split-points a       | --split-points is for --strategy ranges",
      "ns create orders --shards 4 --split-points a            | --split-points is for --strategy ranges",
      "ns create orders --shards 4 --virtual-nodes 8           | --virtual-nodes is for --strategy ring",
      "ns create orders --shards 4 --node-label disk           | --node-label 'disk' is not NAME=VALUE",
      "ns create orders --shards 4 --node-label a=1 --node-label a=2 | --node-label names 'a' twice",
      "ns create orders --shards 4 --imbalance-start -0.5      | --imbalance-start must be 0 or more",
      "ns create orders --shards 4 --strategy hash             | Invalid value for option '--strategy'",
      "ns create orders --shards 4 --cooldown 5                | '5' is not a duration",
      "ns update orders --expected-version -1                  | --expected-version must be 0 or more",
      "ns get ''                                               | NAME must not be empty",
      "shards get orders -1                                    | ID must be a shard id",
      "shards get orders x                                     | Invalid value for positional parameter at index 1 (ID)",
      "shards status orders 1 sleeping                         | unknown shard status 'sleeping': choose active, draining",
      "shards transfer orders 1                                | Missing required option: '--to=NODE'",
      "shards transfer orders 1 --to n2 --expected-epoch -3    | --expected-epoch must be 0 or more",
      "shards assign orders 1 --replicas a,b,a                 | names a node twice",
      "shards assign orders 1 --replicas ''                    | --replicas needs at least the owner",
      "shards list --status busy                               | unknown shard status 'busy'",
      "shards list --limit -1                                  | --limit must be 0 or more",
      "shards diff                                             | Missing required option: '--from=REV'",
      "shards diff --from 9 --to 3                             | --to 3 is before --from 9; swap them",
      "shards watch --shards-only --nodes-only                 | give at most one of --shards-only and --nodes-only",
      "shards watch --from-revision -2                         | --from-revision must be 0 or more",
      "nodes register n1                                       | give at least one --endpoint HOST:PORT",
      "nodes register n1 --endpoint h:1 --label rack           | --label 'rack' is not NAME=VALUE; write it like --label rack=r1",
      "nodes register n1 --endpoint h:1 --weight 0             | --weight must be above 0",
      "nodes update n1 --endpoint ''                           | --endpoint must not be empty",
      "nodes list --state gone                                 | unknown node state 'gone': choose active, cordoned, draining or decommissioned",
      "nodes cordon n1 --fence ctl                             | 'ctl' has no token",
      "audit list --limit -5                                   | --limit must be 0 or more",
      "audit list --from-revision -1                           | --from-revision must be 0 or more",
      "peers list n2                                           | Unmatched argument at index 2: 'n2'",
      "peers watch --from-revision 3                           | Unknown options: '--from-revision', '3'"})
  void registryArgumentsAreCheckedBeforeConnecting(String commandLine, String expected) {
    assertUsageError(run(split(commandLine)), expected);
  }

  /** Splits on spaces; {@code ''} is an empty argument. */
  private static String[] split(String commandLine) {
    return Arrays.stream(commandLine.trim().split(" +")).map(a -> a.equals("''") ? "" : a).toArray(String[]::new);
  }

  @Test
  void aBadTxnExpressionIsAUsageErrorNamingItAndShowingTheGrammar() {
    Cli.Result r = run("kv", "txn", "--compare", "value(greeting) = hello", "--then", "put greeting",
        "--else", "get greeting");
    assertUsageError(r, "bad --then 'put greeting': put takes KEY VALUE, got 1 argument(s)");
    assertTrue(r.err().contains(TxnParser.GRAMMAR), r::toString);
    assertUsageError(run("kv", "txn", "--compare", "size(k) > 1"), "bad --compare 'size(k) > 1': unknown compare target");
  }

  @Test
  void globalOptionsWorkBeforeOrAfterTheCommandAndDefaultSensibly() {
    AtomicReference<List<Object>> seen = new AtomicReference<>();
    ClientFactory recording = (endpoints, timeout, tls) -> {
      seen.set(List.of(endpoints, timeout, tls.enabled()));
      throw new IllegalStateException("stop here");
    };
    new Cli(Map.of(), "", recording).execute("--timeout", "700ms", "kv", "get", "k", "--endpoints", "h:1,h:2");
    assertEquals(List.of(List.of("h:1", "h:2"), Duration.ofMillis(700), false), seen.get());

    new Cli(Map.of(GlobalOptions.ENDPOINTS_ENV, "e:7"), "", recording).execute("kv", "get", "k");
    assertEquals(List.of(List.of("e:7"), Duration.ofSeconds(5), false), seen.get());

    new Cli(Map.of(), "", recording).execute("cluster", "status");
    assertEquals(List.of(List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"), Duration.ofSeconds(5), false),
        seen.get());
  }

  @Test
  void anUnexpectedFailureIsOneLineAndExitOne() {
    ClientFactory broken = (endpoints, timeout, tls) -> {
      throw new IllegalStateException("boom");
    };
    Cli.Result r = new Cli(Map.of(), "", broken).execute("kv", "get", "k");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: unexpected failure: IllegalStateException: boom\n", r.err());
  }

  @Test
  void everyCommandHasADescriptionAndExamplesInItsHelp() {
    List<String> checked = new ArrayList<>();
    checkHelp(Meshctl.commandLine(new CliContext(null, k -> null, NO_CLIENT, null)), checked);
    assertEquals(List.of("meshctl", "meshctl cluster", "meshctl cluster status", "meshctl cluster health",
        "meshctl kv", "meshctl kv put", "meshctl kv get", "meshctl kv del", "meshctl kv txn", "meshctl kv watch",
        "meshctl kv compact", "meshctl lease", "meshctl lease grant", "meshctl lease revoke",
        "meshctl lease keep-alive", "meshctl lease ttl", "meshctl lease list", "meshctl leaders",
        "meshctl leaders list", "meshctl leaders get", "meshctl leaders watch", "meshctl leaders campaign",
        "meshctl leaders resign", "meshctl ns", "meshctl ns create", "meshctl ns get", "meshctl ns list",
        "meshctl ns update", "meshctl ns delete", "meshctl shards", "meshctl shards create", "meshctl shards list",
        "meshctl shards get", "meshctl shards resolve", "meshctl shards assign", "meshctl shards transfer",
        "meshctl shards status", "meshctl shards diff", "meshctl shards watch", "meshctl shards rebalance",
        "meshctl shards rebalance plan", "meshctl shards rebalance approve", "meshctl shards rebalance cancel",
        "meshctl shards rebalance rollback", "meshctl shards rebalance watch", "meshctl shards rebalance list",
        "meshctl shards rebalance show", "meshctl nodes",
        "meshctl nodes register", "meshctl nodes update", "meshctl nodes list", "meshctl nodes get",
        "meshctl nodes cordon", "meshctl nodes uncordon", "meshctl nodes drain", "meshctl nodes decommission",
        "meshctl audit", "meshctl audit list", "meshctl peers", "meshctl peers list", "meshctl peers watch",
        "meshctl relay", "meshctl relay routes", "meshctl relay status", "meshctl clusters", "meshctl clusters list",
        "meshctl clusters get", "meshctl clusters register", "meshctl clusters update", "meshctl clusters failover",
        "meshctl bootstrap", "meshctl bootstrap issue", "meshctl bootstrap list", "meshctl bootstrap revoke",
        "meshctl bootstrap join", "meshctl auth", "meshctl auth status", "meshctl auth enable", "meshctl auth disable",
        "meshctl auth whoami", "meshctl auth role", "meshctl auth role put", "meshctl auth role delete",
        "meshctl auth role list", "meshctl auth user", "meshctl auth user put", "meshctl auth user delete",
        "meshctl auth user list", "meshctl auth token", "meshctl auth token create", "meshctl auth token revoke",
        "meshctl auth token list", "meshctl auth denials", "meshctl policy", "meshctl policy get", "meshctl policy set",
        "meshctl config", "meshctl config validate", "meshctl member", "meshctl member list", "meshctl member add",
        "meshctl member promote", "meshctl member remove", "meshctl leader", "meshctl leader transfer", "meshctl snapshot",
        "meshctl snapshot save", "meshctl snapshot status", "meshctl check", "meshctl check hash"),
        checked);
  }

  private static void checkHelp(CommandLine command, List<String> checked) {
    String name = command.getCommandSpec().qualifiedName();
    String[] args = (name.replaceFirst("^meshctl ?", "") + " --help").trim().split(" ");
    Cli.Result r = run(args);
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(command.getCommandSpec().usageMessage().description().length > 0, name + " needs a description");
    assertTrue(r.out().contains("Usage: " + name), r::toString);
    int examples = r.out().split("\n {2}meshctl ", -1).length - 1;
    assertTrue(r.out().contains("Examples:") && examples >= 2, () -> name + " needs 2-3 examples:\n" + r.out());
    checked.add(name);
    command.getSubcommands().values().forEach(sub -> checkHelp(sub, checked));
  }

  @Test
  void helpTeachesExitCodesAndTheTxnGrammar() {
    String root = run("--help").out();
    assertTrue(root.contains("Exit codes: 0 ok, 1 the server refused"), root);
    assertTrue(root.contains("3 no member reachable"), root);
    assertTrue(run("kv", "txn", "--help").out().contains(TxnParser.GRAMMAR));
    assertTrue(run("kv", "txn", "--help").out()
        .contains("meshctl kv txn --compare 'value(greeting) = hello'"));
    assertTrue(run("cluster", "status", "--help").out().contains("1 some member did not"));
  }

  @Test
  void exitCodesAreTheDocumentedNumbers() {
    assertEquals(List.of(0, 1, 2, 3),
        List.of(ExitCodes.OK, ExitCodes.REFUSED, ExitCodes.USAGE, ExitCodes.UNAVAILABLE));
  }

  @Test
  void aPlainPicocliCommandLineGivesTheSameExitCodes() {
    for (String[] args : new String[][] {{"kv", "get"}, {"kv", "get", "k", "--endpoints", "nope"},
        {"kv", "txn", "--then", "get"}}) {
      StringWriter err = new StringWriter();
      int code = new CommandLine(new Meshctl(new CliContext(null, k -> null, NO_CLIENT, null)))
          .setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err)).execute(args);
      assertEquals(ExitCodes.USAGE, code, () -> String.join(" ", args) + ":\n" + err);
    }
  }

  @Test
  void versionIsPrinted() {
    Cli.Result r = run("--version");
    assertEquals(0, r.exitCode());
    assertEquals("meshctl " + Meshctl.VERSION + "\n", r.out());
  }
}
