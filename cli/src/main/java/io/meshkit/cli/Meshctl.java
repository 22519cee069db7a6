package io.meshkit.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code meshctl}: the operator CLI of MeshKit. Talks to the cluster through the Java client only.
 *
 * <p>Results go to the command line's out writer, diagnostics to its err writer (set them with
 * {@link CommandLine#setOut}/{@link CommandLine#setErr}; {@link #main} uses UTF-8 whatever the
 * locale); stdin, the environment, the client and interrupts come from the {@link CliContext}.
 * Exit codes are {@link ExitCodes}.
 */
@Command(name = "meshctl", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The MeshKit operator CLI: cluster status and health, the key-value space, leases, "
        + "leader elections, the shard registry (namespaces, shards, nodes, audit trail) and the gossip view of the "
        + "members (peers), what a relay routes by (relay), and join tokens with which new members and relays get "
        + "their certificates (bootstrap), backups (snapshot) and consistency checks (check).",
        "Any single member will do; global options may come before or after the command."},
    subcommands = {ClusterCommand.class, KvCommand.class, LeaseCommand.class, LeadersCommand.class,
        NamespacesCommand.class, ShardsCommand.class, NodesCommand.class, AuditCommand.class,
        PeersCommand.class, RelayCommand.class, ClustersCommand.class, BootstrapCommand.class,
        AuthCommand.class, PolicyCommand.class, ConfigCommand.class, MemberCommand.class, LeaderCommand.class,
        SnapshotCommand.class, CheckCommand.class},
    footer = {"", "Examples:",
        "  meshctl cluster status",
        "  meshctl kv put greeting hello && meshctl kv get greeting -o json",
        "  MESHKIT_ENDPOINTS=10.0.0.1:7001 meshctl kv watch app/ --prefix",
        "  meshctl leaders campaign rebalancer node-1",
        "  meshctl shards transfer orders 7 --to node-2 --expected-epoch 3 --dry-run",
        "  meshctl peers list                # which members gossip sees alive, suspect or dead",
        "  meshctl relay status              # a relay's routing lag and its load",
        "",
        "Keys and values are UTF-8 strings on the command line.",
        "Registry changes take --reason, --ticket and --actor for the audit trail, and --dry-run.",
        "Exit codes: 0 ok, 1 the server refused (its message and a hint are printed;",
        "  CONFLICT: someone changed it since you read it, read again and retry) or",
        "  'relay status' found the relay not ready, 2 usage error,",
        "  3 no member reachable (or no leader / quorum in time; for the relay",
        "  commands: its admin server)."})
public final class Meshctl extends CommandGroup {
  static final String VERSION = "0.1.0";

  @Mixin
  private GlobalOptions globals;

  private final CliContext context;

  /** The real process: System streams, environment and client. */
  public Meshctl() {
    this(CliContext.system());
  }

  Meshctl(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(commandLine(CliContext.system())
        .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
        .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true))
        .execute(args));
  }

  /**
   * The command line over {@code context}: usage errors prefixed {@code Error:}, and a safety net
   * that reports any failure escaping a command in one line (never a stack trace). Set its out and
   * err writers before executing.
   */
  static CommandLine commandLine(CliContext context) {
    return new CommandLine(new Meshctl(context))
        .setParameterExceptionHandler(ErrorReporter.usageErrors())
        .setExecutionExceptionHandler(ErrorReporter.safetyNet());
  }

  GlobalOptions globals() {
    return globals;
  }

  CliContext context() {
    return context;
  }
}
