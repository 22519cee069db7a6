package io.meshkit.cli;

import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.ResignResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl leaders resign SCOPE CANDIDATE [--lease ID] [--revision REV]}. */
@Command(name = "resign", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Withdraws CANDIDATE's candidacy in SCOPE; when it leads, the next candidate takes office "
        + "with a new token. Prints the scope's leadership after it.",
        "A candidate campaigns at most once per scope, so the name is enough: the candidacy is looked up. "
            + "--revision (and --lease), as leaders get shows them, pin the exact candidacy instead, so a "
            + "later campaign under the same name is not withdrawn by mistake."},
    footer = {"", "Examples:",
        "  meshctl leaders resign rebalancer node-1",
        "  meshctl leaders resign rebalancer node-1 --lease 42 --revision 57"})
final class LeadersResignCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "SCOPE", description = "The election's scope.")
  String scope;

  @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The candidate's name.")
  String candidate;

  @Option(names = "--lease", paramLabel = "ID", description = "The candidacy's lease.")
  long lease;

  @Option(names = "--revision", paramLabel = "REV", description = "The candidacy's create revision.")
  long revision;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("SCOPE", scope);
    LeadersGetCommand.requireName("CANDIDATE", candidate);
    if (lease < 0 || revision < 0) {
      throw new UsageException("--lease and --revision are positive numbers as 'meshctl leaders get " + scope
          + "' shows them");
    }
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    CandidacyKey key = revision > 0
        ? CandidacyKey.newBuilder().setScope(scope).setCandidate(candidate).setLease(lease).setCreateRevision(revision)
            .build()
        : lookUp(session);
    ResignResponse response = session.client().resign(key);
    LeadershipViews.Resignation result = new LeadershipViews.Resignation(Views.Header.of(response.getHeader()),
        LeadershipViews.Candidate.of(key), LeadershipViews.Leader.of(response.getLeadership()));
    session.output().print(result, out -> LeadershipText.resignation(out, result));
    return ExitCodes.OK;
  }

  /** The candidate's live candidacy in the scope (there is at most one per name). */
  private CandidacyKey lookUp(Session session) {
    CandidacyKey found = session.client().leader(scope).getCandidatesList().stream()
        .filter(c -> c.getCandidate().equals(candidate)).findFirst()
        .orElseThrow(() -> new CommandFailedException(candidate + " does not campaign in " + scope,
            "'meshctl leaders get " + scope + "' lists the candidates"));
    if (lease != 0 && found.getLease() != lease) {
      throw new CommandFailedException(candidate + " campaigns in " + scope + " with lease " + found.getLease()
          + ", not " + lease, "leave out --lease to resign it anyway");
    }
    return found;
  }
}
