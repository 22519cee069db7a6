package io.meshkit.cli;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.HashStateResponse;
import io.meshkit.proto.v1.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl check hash}: every member's state hash at one revision, compared. */
@Command(name = "hash", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Replicates a hash marker; every member hashes its whole state right after applying it, so "
        + "all hashes describe the same revision. Asks every member for its hash and compares them.",
        "The members come from the first endpoint that answers (as for 'cluster status'); --members asks only "
            + "the members at these client addresses."},
    footer = {"", "Examples:",
        "  meshctl check hash",
        "  meshctl check hash --wait 2m -o json",
        "  meshctl check hash --members 10.0.0.1:7001,10.0.0.2:7001",
        "",
        "Exit codes: 0 every member has the same hash, 1 some member's hash differs (it is named) or some member",
        "  did not answer, 3 no endpoint answered."})
final class CheckHashCommand extends ClientCommand {
  @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "How long each member may take to apply the marker and hash its state (default 30s)")
  Duration wait;

  @Option(names = "--members", split = ",", paramLabel = "HOST:PORT",
      description = "Client addresses of the members to compare (default: every member)")
  List<String> members;

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    MeshkitClient client = session.client();
    List<Member> asked = members != null
        ? members.stream().map(a -> Member.newBuilder().setId(a).setClientAddress(a).build()).toList()
        : ClusterProbe.members(ClusterProbe.discover(client, session.endpoints()));
    long revision = client.maintenance().markHash().getRevision();
    List<MaintenanceViews.MemberHash> hashes = ClusterProbe
        .askEach(asked, address -> client.maintenance().hashState(address, revision, wait)).stream()
        .map(CheckHashCommand::view).toList();
    List<String> differing = differing(hashes);
    boolean allAnswered = hashes.stream().allMatch(h -> h.error() == null);
    boolean consistent = allAnswered && differing.isEmpty();
    session.output().print(new MaintenanceViews.HashCheck(revision, consistent, hashes, differing), out -> {
      TextTable table = new TextTable("MEMBER", "ADDRESS", "REVISION", "KEYS", "SHA-256", "ERROR");
      for (MaintenanceViews.MemberHash h : hashes) {
        table.row(h.id(), h.address(), h.revision(), h.keys(), h.sha256(), h.error() == null ? "" : h.error());
      }
      table.print(out);
    });
    if (!differing.isEmpty()) {
      throw new CommandFailedException("state hashes differ at revision " + revision + ": member(s) "
          + String.join(", ", differing) + " disagree with the others",
          "stop a differing member and replace its data (meshkit restore from a snapshot of a healthy member, or "
              + "an empty data dir so it catches up); keep its data dir for investigation");
    }
    if (!allAnswered) {
      throw new CommandFailedException("not every member answered with its hash at revision " + revision
          + "; the members that did agree", "check the members listed with an error, then run it again");
    }
    return ExitCodes.OK;
  }

  private static MaintenanceViews.MemberHash view(ClusterProbe.Answer<HashStateResponse> a) {
    if (a.error() != null) {
      return new MaintenanceViews.MemberHash(a.member().getId(), a.member().getClientAddress(), null, null, null,
          a.error());
    }
    HashStateResponse r = a.answer();
    return new MaintenanceViews.MemberHash(a.member().getId(), a.member().getClientAddress(), r.getRevision(),
        HexFormat.of().formatHex(r.getSha256().toByteArray()), r.getKeyCount(), null);
  }

  /**
   * The members whose hash is not the most common one (ties: the hash the first member answered is
   * taken as the reference); empty when every answering member agrees.
   */
  static List<String> differing(List<MaintenanceViews.MemberHash> hashes) {
    Map<String, List<String>> byHash = new LinkedHashMap<>();
    for (MaintenanceViews.MemberHash h : hashes) {
      if (h.error() == null) {
        byHash.computeIfAbsent(h.sha256(), k -> new ArrayList<>()).add(h.id());
      }
    }
    if (byHash.size() <= 1) {
      return List.of();
    }
    String reference = byHash.entrySet().stream()
        .max(java.util.Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
    List<String> out = new ArrayList<>();
    byHash.forEach((hash, ids) -> {
      if (!hash.equals(reference)) {
        out.addAll(ids);
      }
    });
    return out;
  }
}
