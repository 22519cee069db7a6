package io.meshkit.cli;

import java.io.PrintWriter;

/** Tables of {@code meshctl bootstrap}. */
final class BootstrapText {
  private BootstrapText() {}

  static void issued(PrintWriter out, BootstrapViews.Issued issued) {
    BootstrapViews.Token t = issued.record();
    out.println(issued.token());
    out.println("Join token " + t.id() + " for role " + t.role() + ": " + t.usesAllowed() + " join(s) until "
        + t.expires() + ". It is shown only now; on the new machine run:");
    out.println("  meshctl bootstrap join --join-token " + issued.token() + " --endpoint <a member's bootstrapAddress>"
        + " --name <its name> --out <dir>");
  }

  static void tokens(PrintWriter out, BootstrapViews.TokenList list) {
    TextTable table = new TextTable("ID", "ROLE", "STATE", "USES", "EXPIRES", "CREATED BY", "JOINED");
    list.tokens().forEach(t -> table.row(t.id(), t.role(), t.state(), t.uses() + "/" + t.usesAllowed(), t.expires(),
        t.createdBy(), t.joined().isEmpty() ? "-" : String.join(",", t.joined().stream()
            .map(BootstrapViews.Joiner::name).toList())));
    table.print(out);
  }

  static void revoked(PrintWriter out, BootstrapViews.Token t) {
    out.println("join token " + t.id() + " (" + t.role() + ") is revoked; it joined " + t.uses() + " machine(s)");
  }

  static void joined(PrintWriter out, BootstrapViews.Joined j) {
    out.println("joined cluster " + j.cluster() + " as " + j.name() + " (role " + j.role() + "), certificate valid "
        + "until " + j.notAfter());
    out.println("wrote " + j.files().key() + " (private key, never sent), " + j.files().cert() + ", " + j.files().ca()
        + (j.files().gossipKey() == null ? "" : ", " + j.files().gossipKey()) + ", " + j.files().peers());
    out.println("configuration to use:");
    j.config().forEach(line -> out.println("  " + line));
  }
}
