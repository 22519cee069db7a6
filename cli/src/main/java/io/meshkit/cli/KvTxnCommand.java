package io.meshkit.cli;

import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl kv txn --compare ... --then ... --else ...}. */
@Command(name = "txn", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Runs a transaction atomically: if every --compare holds, the --then operations, "
        + "else the --else operations.",
        "Prints SUCCEEDED or FAILED (which branch ran; both exit 0), then each operation's result: "
            + "OK for put, key and value lines for get, the deleted count for del.",
        "",
        "Grammar (each expression is one argument; quote it for the shell):",
        TxnParser.GRAMMAR},
    footer = {"", "Examples:",
        "  # compare-and-set: put only if the value is still \"hello\"",
        "  meshctl kv txn --compare 'value(greeting) = hello' \\",
        "      --then 'put greeting bonjour' --else 'get greeting'",
        "  # create only if absent",
        "  meshctl kv txn --compare 'create(lock) = 0' --then 'put lock me' --else 'get lock'",
        "  meshctl kv txn --compare 'version(cfg) > 3' 'mod(cfg) < 100' \\",
        "      --then 'del app/ --prefix' 'put note \"cleaned up\"'",
        "  # the whole transaction only while token 42 leads scope ctl",
        "  meshctl kv txn --then 'put cfg v2' 'del cfg/old --prefix' --fence ctl:42"})
final class KvTxnCommand extends ClientCommand {
  @Option(names = "--compare", arity = "1..*", paramLabel = "EXPR",
      description = "A condition; all must hold for --then to run. Repeatable.")
  List<String> compares = new ArrayList<>();

  @Option(names = "--then", arity = "1..*", paramLabel = "OP", description = "Runs when every compare holds.")
  List<String> thens = new ArrayList<>();

  @Option(names = "--else", arity = "1..*", paramLabel = "OP", description = "Runs when some compare fails.")
  List<String> elses = new ArrayList<>();

  @Mixin
  FenceOption fencing;

  private TxnRequest request;

  @Override
  void validate(CliContext context) {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    compares.forEach(c -> txn.addCompare(parse("--compare", c, TxnParser::compare)));
    thens.forEach(op -> txn.addSuccess(parse("--then", op, TxnParser::operation)));
    elses.forEach(op -> txn.addFailure(parse("--else", op, TxnParser::operation)));
    if (fencing.fence() != null) {
      txn.setFence(fencing.fence());
    }
    request = txn.build();
  }

  private static <T> T parse(String option, String expression, Function<String, T> parser) {
    try {
      return parser.apply(expression);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad " + option + " '" + expression + "': " + e.getMessage()
          + "\nGrammar:\n" + TxnParser.GRAMMAR);
    }
  }

  @Override
  boolean writes() {
    return request != null && request.getSuccessList().stream().anyMatch(KvTxnCommand::writes)
        || request != null && request.getFailureList().stream().anyMatch(KvTxnCommand::writes);
  }

  private static boolean writes(RequestOp op) {
    return !op.hasRequestRange();
  }

  @Override
  int run(Session session) {
    Views.Txn result = Views.Txn.of(session.client().txn(request));
    session.output().print(result, out -> KvText.txn(out, result));
    return ExitCodes.OK;
  }
}
