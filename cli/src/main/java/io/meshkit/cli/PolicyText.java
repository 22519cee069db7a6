package io.meshkit.cli;

import java.io.PrintWriter;
import java.util.List;

/** Tables of {@code meshctl policy} and {@code meshctl config validate}. */
final class PolicyText {
  private PolicyText() {}

  static void validation(PrintWriter out, PolicyViews.Validation v) {
    if (v.violations().isEmpty()) {
      out.println(v.file() + ": complies with the transport policy");
      return;
    }
    out.println(v.file() + ": " + v.violations().size() + " setting(s) the transport policy does not allow");
    violations(out, v.violations());
  }

  static void current(PrintWriter out, PolicyViews.Current c) {
    PolicyViews.Policy p = c.policy();
    out.println("require TLS:       " + (p.requireTls() ? "yes" : "no"));
    out.println("client protocols:  " + list(p.clientProtocols()));
    out.println("backend protocols: " + list(p.backendProtocols()));
    out.println("gRPC encodings:    " + list(p.grpcEncodings()));
    if (!c.memberViolations().isEmpty()) {
      out.println();
      out.println("member " + c.member() + " violates it:");
      violations(out, c.memberViolations());
    }
  }

  private static void violations(PrintWriter out, List<PolicyViews.Violation> violations) {
    TextTable table = new TextTable("SETTING", "PROBLEM", "FIX");
    violations.forEach(x -> table.row(x.setting(), x.problem(), x.fix()));
    table.print(out);
  }

  private static String list(List<String> names) {
    return names.isEmpty() ? "any" : String.join(", ", names) + (names.size() > 1 ? " (most preferred first)" : "");
  }
}
