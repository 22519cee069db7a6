package io.meshkit.cli;

import static io.meshkit.cli.LeadershipOutputTest.render;
import static io.meshkit.cli.LeadershipOutputTest.streamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.PeerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The json documents and table text of the peers commands. */
class PeerOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Peer N2 = Peer.newBuilder().setId("n2").setAddress("127.0.0.1:7302").setStatus(PeerStatus.PEER_ALIVE)
      .setIncarnation(1).setRttMs(-1).setSmoothedRttMs(-1).putMetadata("client", "127.0.0.1:7002")
      .putMetadata("zone", "eu-1b").setMetadataVersion(2).setStatusAgeMs(12_345).setMetadataAgeMs(3_000).build();
  static final Peer N3 = Peer.newBuilder().setId("n3").setAddress("127.0.0.1:7303").setStatus(PeerStatus.PEER_SUSPECT)
      .setIncarnation(4).setRttMs(0.5).setSmoothedRttMs(0.4213).putMetadata("client", "127.0.0.1:7003")
      .setMetadataVersion(1).setStatusAgeMs(252_000).setMetadataAgeMs(600_000).build();
  static final ListPeersResponse VIEW = ListPeersResponse.newBuilder().setMemberId("n2").addPeers(N2).addPeers(N3)
      .build();

  @Test
  void aListSaysWhoseViewItIsAndShowsRttZoneStatusAndMetadataAge() throws Exception {
    PeerViews.PeerList list = PeerViews.PeerList.of(VIEW);
    assertEquals("view of n2\n"
        + "ID  STATUS   INCARNATION  RTT     ZONE   ADDRESS         STATUS AGE  METADATA AGE\n"
        + "n2  alive    1            -       eu-1b  127.0.0.1:7302  12s         3s\n"
        + "n3  suspect  4            0.42ms  -      127.0.0.1:7303  4m12s       10m0s\n",
        render(OutputFormat.table, list, out -> PeerText.peers(out, list)));

    JsonNode doc = JSON.readTree(render(OutputFormat.json, list, out -> {}));
    assertEquals("n2", doc.get("member_id").asText());
    JsonNode n2 = doc.at("/peers/0");
    assertEquals("alive", n2.get("status").asText());
    assertFalse(n2.has("rtt_ms") || n2.has("smoothed_rtt_ms"), "not probed: left out, not -1");
    assertEquals("127.0.0.1:7002", n2.at("/metadata/client").asText());
    assertEquals(2, n2.get("metadata_version").asLong());
    assertEquals(12_345, n2.get("status_age_ms").asLong());
    assertEquals(3_000, n2.get("metadata_age_ms").asLong());
    JsonNode n3 = doc.at("/peers/1");
    assertEquals("suspect", n3.get("status").asText());
    assertEquals(0.4213, n3.get("smoothed_rtt_ms").asDouble());
    assertEquals(4, n3.get("incarnation").asLong());
  }

  @Test
  void everyStatusHasALowerCaseName() {
    assertEquals("alive suspect dead left unknown", String.join(" ", PeerViews.status(PeerStatus.PEER_ALIVE),
        PeerViews.status(PeerStatus.PEER_SUSPECT), PeerViews.status(PeerStatus.PEER_DEAD),
        PeerViews.status(PeerStatus.PEER_LEFT), PeerViews.status(PeerStatus.PEER_STATUS_UNSPECIFIED)));
  }

  @Test
  void watchLinesShowAPeerFirstReportedThenWhatChanged() throws Exception {
    assertEquals("n3  suspect  inc 4\n", line(PeerEvent.newBuilder().setAfter(N3).build()));
    Peer suspect = N2.toBuilder().setStatus(PeerStatus.PEER_SUSPECT).build();
    assertEquals("n2  alive → suspect  inc 1\n", line(change(N2, suspect)));
    Peer refuted = N2.toBuilder().setIncarnation(2).build();
    assertEquals("n2  suspect → alive  inc 1 → 2\n", line(change(suspect, refuted)));
    Peer moved = N2.toBuilder().putMetadata("zone", "eu-1c").setMetadataVersion(3).build();
    assertEquals("n2  alive  inc 1  metadata client=127.0.0.1:7002,zone=eu-1c\n", line(change(N2, moved)));

    PeerViews.PeerChange dead = PeerViews.PeerChange.of(change(N3, N3.toBuilder().setStatus(PeerStatus.PEER_DEAD)
        .build()));
    String json = streamed(OutputFormat.json, dead, out -> {});
    assertEquals(1, json.lines().count(), json);
    JsonNode doc = JSON.readTree(json);
    assertEquals("suspect", doc.at("/before/status").asText());
    assertEquals("dead", doc.at("/after/status").asText());
    assertFalse(JSON.readTree(streamed(OutputFormat.json, PeerViews.PeerChange.of(PeerEvent.newBuilder()
        .setAfter(N2).build()), out -> {})).has("before"), "a peer first reported has no before");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "999, 0s", "12345, 12s", "60000, 1m0s", "252000, 4m12s", "11220000, 3h7m", "190800000, 2d5h"})
  void statusAgesPrintInWholeUnits(long ms, String text) {
    assertEquals(text, PeerText.age(ms));
  }

  private static PeerEvent change(Peer before, Peer after) {
    return PeerEvent.newBuilder().setBefore(before).setAfter(after).build();
  }

  private static String line(PeerEvent event) {
    PeerViews.PeerChange change = PeerViews.PeerChange.of(event);
    return streamed(OutputFormat.table, change, out -> PeerText.change(out, change));
  }
}
