package io.meshkit.cli;

import java.io.PrintWriter;

/** Tables of {@code meshctl auth}. */
final class AuthText {
  private AuthText() {}

  static void status(PrintWriter out, AuthViews.Status s) {
    out.println("auth is " + (s.enabled() ? "ENABLED: every call needs a role that grants it"
        : "disabled: every call is allowed (meshctl auth enable turns it on)"));
    out.println();
    roles(out, s);
    out.println();
    users(out, s);
    out.println();
    tokens(out, s);
  }

  static void roles(PrintWriter out, AuthViews.Status s) {
    TextTable table = new TextTable("ROLE", "KIND", "GRANTS");
    s.roles().forEach(r -> table.row(r.name(), r.builtin() ? "built-in" : "custom", String.join(" ", r.grants())));
    table.print(out);
  }

  static void users(PrintWriter out, AuthViews.Status s) {
    TextTable table = new TextTable("USER", "ROLES");
    s.users().forEach(u -> table.row(u.name(), u.roles().isEmpty() ? "-" : String.join(",", u.roles())));
    table.print(out);
  }

  static void tokens(PrintWriter out, AuthViews.Status s) {
    TextTable table = new TextTable("TOKEN", "USER", "EXPIRES", "CREATED BY", "DESCRIPTION");
    s.tokens().forEach(t -> table.row(t.id(), t.user(), t.expires(), t.createdBy(), t.description()));
    table.print(out);
  }

  static void whoAmI(PrintWriter out, AuthViews.WhoAmI w) {
    out.println(w.name() + " (" + w.kind() + ")" + (w.groups().isEmpty() ? "" : ", groups "
        + String.join(",", w.groups())));
    out.println("roles: " + (w.roles().isEmpty() ? "none" : String.join(", ", w.roles())) + (w.authEnabled() ? ""
        : " (auth is disabled: every call is allowed)"));
  }

  static void created(PrintWriter out, AuthViews.Created c) {
    out.println(c.token());
    out.println("Token " + c.record().id() + " for user " + c.record().user() + ", valid until "
        + c.record().expires() + ". It is shown only now; use it with:");
    out.println("  MESHKIT_TOKEN=<token> meshctl ...      (or --token; over TLS only: anyone on the path could read it)");
  }

  static void denials(PrintWriter out, AuthViews.Denials d) {
    TextTable table = new TextTable("AT", "CALLER", "CALL", "NEEDED");
    d.denials().forEach(x -> table.row(x.at(), x.caller(), x.call(), x.needed()));
    table.print(out);
    if (d.denials().isEmpty()) {
      out.println("(no refusals on member " + d.member() + " since it started)");
    }
  }

  static void changed(PrintWriter out, AuthViews.Changed c) {
    out.println(c.change() + " (revision " + c.revision() + ")");
  }

  /** Prints what an access control change did ({@code what}) at the revision {@code r} reports; exit 0. */
  static int printChanged(Session session, String what, io.meshkit.proto.v1.AuthMutationResponse r) {
    AuthViews.Changed changed = new AuthViews.Changed(what, r.getHeader().getRevision());
    session.output().print(changed, out -> changed(out, changed));
    return ExitCodes.OK;
  }

  /** Prints one part of the access control status: {@code part} as the document, {@code table} as text; exit 0. */
  static int printStatusPart(Session session, java.util.function.Function<AuthViews.Status, Object> part,
      java.util.function.BiConsumer<PrintWriter, AuthViews.Status> table) {
    AuthViews.Status status = AuthViews.Status.of(session.client().auth().status());
    session.output().print(part.apply(status), out -> table.accept(out, status));
    return ExitCodes.OK;
  }
}
