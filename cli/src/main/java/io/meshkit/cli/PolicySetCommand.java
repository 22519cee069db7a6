package io.meshkit.cli;

import io.meshkit.proto.v1.TransportPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl policy set}: replaces the whole policy (an option left out allows anything). */
@Command(name = "set", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Replaces the transport policy; an option left out means nothing required, anything allowed.",
        "Refused when the answering member's own config would violate it; the other members report their "
            + "violations (meshctl policy get against each, or GET /control/policy)."},
    footer = {"", "Examples:",
        "  meshctl policy set --require-tls",
        "  meshctl policy set --client-protocols h2c,http1.1 --backend-protocols h2c,http1.1",
        "  meshctl policy set --grpc-encodings identity   # refuse gzip-compressed requests"})
final class PolicySetCommand extends ClientCommand {
  @Option(names = "--require-tls", description = "Every socket that can run TLS must.")
  boolean requireTls;

  @Option(names = "--client-protocols", split = ",", paramLabel = "P", description = "What relays may speak with "
      + "clients, most preferred first: h2, http1.1, h2c.")
  List<String> clientProtocols = new ArrayList<>();

  @Option(names = "--backend-protocols", split = ",", paramLabel = "P", description = "What relays may speak with "
      + "backends, most preferred first: h2, http1.1, h2c.")
  List<String> backendProtocols = new ArrayList<>();

  @Option(names = "--grpc-encodings", split = ",", paramLabel = "E", description = "gRPC message encodings clients "
      + "may send: identity, gzip (identity required).")
  List<String> grpcEncodings = new ArrayList<>();

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    TransportPolicy policy = TransportPolicy.newBuilder().setRequireTls(requireTls).addAllClientProtocols(clientProtocols)
        .addAllBackendProtocols(backendProtocols).addAllGrpcEncodings(grpcEncodings).build();
    PolicyViews.Current current = PolicyViews.Current.of(session.client().policy().set(policy));
    session.output().print(current, out -> PolicyText.current(out, current));
    return ExitCodes.OK;
  }
}
