package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.leadership.election.LocalCandidacy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member-side candidacy (how a member holds the rebalancer's or the federation's office) after a crash
 * of its process: the new life's first refresh ends the previous life's candidacy — whose lease would
 * otherwise hold the office for a whole TTL after the restart — and leads at once with a higher token;
 * the previous life's candidacy (were it still running) no longer leads.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LocalCandidacyIT {
  @TempDir
  Path dir;

  @Test
  void aRestartedMembersCandidacyTakesItsOfficeBackAtOnce() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(1, dir, MiniCluster.Options.defaults())) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      MeshkitServer member = cluster.server(0);
      Duration ttl = Duration.ofMinutes(5);  // far longer than the test: only a revocation can end it
      LocalCandidacy before = new LocalCandidacy(member.node(), member.leaseService(), "test/office", "m1", ttl);
      Await.until(() -> {
        before.refresh();
        return before.fence().isPresent();
      }, Duration.ofSeconds(30), "the first life leads");
      long firstToken = before.fence().get().getToken();

      // The process "crashes": the first life's candidacy and lease stay behind; a new life starts.
      LocalCandidacy after = new LocalCandidacy(member.node(), member.leaseService(), "test/office", "m1", ttl);
      Await.until(() -> {
        after.refresh();
        return after.fence().isPresent();
      }, Duration.ofSeconds(30), "the new life leads (its problem: " + after.problem() + ")");
      assertTrue(after.fence().get().getToken() > firstToken, "a higher token than the previous life's");
      before.refresh();
      assertTrue(before.fence().isEmpty(), "the previous life no longer leads: " + before.problem());
      after.close();
    }
  }
}
