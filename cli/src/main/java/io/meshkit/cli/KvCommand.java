package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl kv}: the key-value space. */
@Command(name = "kv", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Reads, writes, transactions and watches on the key-value space.",
        "Keys and values are UTF-8 strings on the command line."},
    subcommands = {KvPutCommand.class, KvGetCommand.class, KvDelCommand.class, KvTxnCommand.class,
        KvWatchCommand.class, KvCompactCommand.class},
    footer = {"", "Examples:",
        "  meshctl kv put greeting hello",
        "  meshctl kv get app/ --prefix --keys-only",
        "  meshctl kv watch app/ --prefix"})
final class KvCommand extends CommandGroup {}
