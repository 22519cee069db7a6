package io.meshkit.jepsen.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NemesesTest {

  @Test
  void everyKindOfFaultHasAName() {
    assertEquals(List.of("partition-halves", "partition-leader", "partition-ring", "kill", "kill-leader", "pause",
        "pause-leader"), Nemeses.names());
  }

  @Test
  void oneNameIsThatNemesis() {
    Nemesis kill = Nemeses.parse("kill-leader");
    assertInstanceOf(ProcessNemesis.class, kill);
    assertEquals("kill-leader", kill.name());
  }

  @Test
  void severalNamesAreMixedAndAllMixesEverything() {
    assertEquals("partition-halves,pause", Nemeses.parse(" partition-halves , pause ").name());
    assertEquals(String.join(",", Nemeses.names()), Nemeses.parse("all").name());
  }

  @Test
  void faultsBetweenClustersHaveNamesOfTheirOwnAndAreNotInAll() {
    assertEquals(List.of("partition-clusters", "kill-standby", "pause-standby"), Nemeses.federationNames());
    assertInstanceOf(ClusterPartitionNemesis.class, Nemeses.parse("partition-clusters"));
    assertEquals("kill-standby", Nemeses.parse("kill-standby").name());
    assertTrue(Nemeses.actsBetweenClusters(Nemeses.parse("kill,pause-standby")));
    assertTrue(!Nemeses.actsBetweenClusters(Nemeses.parse("all")));
    assertTrue(!Nemeses.actsBetweenClusters(null));
  }

  @Test
  void noneIsNoNemesis() {
    assertNull(Nemeses.parse("none"));
  }

  @Test
  void anUnknownNameIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nemeses.parse("kill,partiton"));
    assertTrue(e.getMessage().contains("unknown nemesis 'partiton'"), e.getMessage());
    assertTrue(e.getMessage().contains("partition-halves"), e.getMessage());
    assertTrue(e.getMessage().contains("partition-clusters"), e.getMessage());
  }

  @Test
  void aLocalClusterTakesTheProcessFaultsAndAllMixesThem() {
    assertEquals(List.of("kill", "kill-leader", "pause", "pause-leader"), Nemeses.processNames());
    assertEquals("kill,kill-leader,pause,pause-leader", Nemeses.parseProcessFaults("all").name());
    assertEquals("kill,pause", Nemeses.parseProcessFaults("kill, pause").name());
    assertNull(Nemeses.parseProcessFaults("none"));
  }

  @Test
  void aLocalClusterRefusesPartitionsAndStandbyFaultsNamingWhatItTakes() {
    for (String spec : List.of("partition-halves", "kill,partition-leader", "partition-ring", "kill-standby")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Nemeses.parseProcessFaults(spec));
      assertTrue(e.getMessage().contains("does not act on a local cluster"), e.getMessage());
      assertTrue(e.getMessage().contains("kill, kill-leader, pause, pause-leader"), e.getMessage());
    }
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Nemeses.parseProcessFaults("kil"));
    assertTrue(unknown.getMessage().contains("unknown nemesis 'kil'"), unknown.getMessage());
  }
}
