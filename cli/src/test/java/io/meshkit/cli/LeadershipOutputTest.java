package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.LeaderResponse;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.proto.v1.LeadershipEvent;
import io.meshkit.proto.v1.LeaseListResponse;
import io.meshkit.proto.v1.LeaseStatus;
import io.meshkit.proto.v1.LeaseTimeToLiveResponse;
import io.meshkit.proto.v1.ListScopesResponse;
import io.meshkit.proto.v1.ResponseHeader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The json documents and table text of the lease and leaders commands. */
class LeadershipOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResponseHeader HEADER = ResponseHeader.newBuilder().setClusterId("c1").setMemberId("n2")
      .setRevision(60).setRaftTerm(3).setLeaderId("n1").build();
  private static final Leadership LEADS = Leadership.newBuilder().setScope("ctl").setCandidate("a").setLease(7)
      .setValue(ByteString.copyFromUtf8("10.0.0.1:80")).setToken(12).setCandidacyRevision(11).build();
  private static final CandidacyKey A = CandidacyKey.newBuilder().setScope("ctl").setCandidate("a").setLease(7)
      .setCreateRevision(11).build();
  private static final CandidacyKey B = CandidacyKey.newBuilder().setScope("ctl").setCandidate("b").setLease(9)
      .setCreateRevision(14).build();

  static String render(OutputFormat format, Object document, Consumer<PrintWriter> table) {
    StringWriter text = new StringWriter();
    new Output(format, new PrintWriter(text)).print(document, table);
    return text.toString();
  }

  static String streamed(OutputFormat format, Object document, Consumer<PrintWriter> table) {
    StringWriter text = new StringWriter();
    new Output(format, new PrintWriter(text)).printStreamed(document, table);
    return text.toString();
  }

  @ParameterizedTest
  @CsvSource({"10000, 10s", "8734, 8.734s", "1500, 1.5s", "999, 999ms", "0, 0ms", "-1, expired", "120000, 120s"})
  void durationsPrintAsSecondsOrMilliseconds(long ms, String text) {
    assertEquals(text, LeadershipText.duration(ms));
  }

  @Test
  void leaseTtlPrintsTheTimeLeftAndTheAttachedKeys() throws Exception {
    LeaseTimeToLiveResponse response = LeaseTimeToLiveResponse.newBuilder().setHeader(HEADER).setId(42)
        .setTtlMs(8734).setGrantedTtlMs(10000).addKeys(ByteString.copyFromUtf8("svc/a"))
        .addKeys(ByteString.copyFrom(new byte[] {(byte) 0xff})).build();
    LeadershipViews.LeaseTtl withKeys = LeadershipViews.LeaseTtl.of(response, true);
    assertEquals("lease 42: 8.734s remaining of 10s, 2 attached key(s)\nsvc/a\nbase64:/w==\n",
        render(OutputFormat.table, withKeys, out -> LeadershipText.ttl(out, withKeys)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, withKeys, out -> {}));
    assertEquals(8734, doc.get("ttl_ms").asLong());
    assertEquals(10000, doc.get("granted_ttl_ms").asLong());
    assertEquals("svc/a", doc.at("/keys/0/key").asText());
    assertEquals("base64", doc.at("/keys/1/key_encoding").asText());

    LeadershipViews.LeaseTtl noKeys = LeadershipViews.LeaseTtl.of(response, false);
    assertEquals("lease 42: 8.734s remaining of 10s\n",
        render(OutputFormat.table, noKeys, out -> LeadershipText.ttl(out, noKeys)));
    assertFalse(JSON.readTree(render(OutputFormat.json, noKeys, out -> {})).has("keys"));
  }

  @Test
  void leaseListIsATable() throws Exception {
    LeadershipViews.LeaseList list = LeadershipViews.LeaseList.of(LeaseListResponse.newBuilder().setHeader(HEADER)
        .addLeases(LeaseStatus.newBuilder().setId(7).setGrantedTtlMs(10000).setGrantedRevision(7))
        .addLeases(LeaseStatus.newBuilder().setId(1234).setGrantedTtlMs(3000).setGrantedRevision(20)).build());
    assertEquals("ID    TTL  GRANTED AT\n7     10s  revision 7\n1234  3s   revision 20\n",
        render(OutputFormat.table, list, out -> LeadershipText.leases(out, list)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, list, out -> {}));
    assertEquals(1234, doc.at("/leases/1/id").asLong());
    assertEquals(3000, doc.at("/leases/1/granted_ttl_ms").asLong());
    assertEquals(20, doc.at("/leases/1/granted_revision").asLong());
  }

  @Test
  void leadersGetListsTheCandidatesInOrderTheLeaderFirstWithItsToken() throws Exception {
    LeadershipViews.LeaderDetail detail = LeadershipViews.LeaderDetail.of(LeaderResponse.newBuilder()
        .setHeader(HEADER).setLeadership(LEADS).addCandidates(A).addCandidates(B).build());
    assertEquals("CANDIDATE  LEASE  REVISION  LEADER  TOKEN  VALUE\n"
            + "a          7      11        *       12     10.0.0.1:80\n"
            + "b          9      14\n",
        render(OutputFormat.table, detail, out -> LeadershipText.leader(out, detail)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, detail, out -> {}));
    assertEquals("a", doc.at("/leadership/candidate").asText());
    assertEquals(12, doc.at("/leadership/token").asLong());
    assertEquals(11, doc.at("/leadership/candidacy_revision").asLong());
    assertEquals("10.0.0.1:80", doc.at("/leadership/value").asText());
    assertEquals("b", doc.at("/candidates/1/candidate").asText());
    assertEquals(14, doc.at("/candidates/1/create_revision").asLong());

    LeadershipViews.LeaderDetail vacant = LeadershipViews.LeaderDetail.of(LeaderResponse.newBuilder()
        .setHeader(HEADER).setLeadership(Leadership.newBuilder().setScope("ctl")).build());
    assertEquals("ctl has no leader\n", render(OutputFormat.table, vacant, out -> LeadershipText.leader(out, vacant)));
    JsonNode vacantDoc = JSON.readTree(render(OutputFormat.json, vacant, out -> {}));
    assertEquals("ctl", vacantDoc.at("/leadership/scope").asText());
    assertFalse(vacantDoc.get("leadership").has("candidate"), vacantDoc::toString);
    assertFalse(vacantDoc.get("leadership").has("token"), vacantDoc::toString);
  }

  @Test
  void leadersListIsATableOfScopes() {
    LeadershipViews.ScopeList list = LeadershipViews.ScopeList.of(ListScopesResponse.newBuilder().setHeader(HEADER)
        .addScopes(LEADS).addScopes(Leadership.newBuilder().setScope("rebalancer").setCandidate("node-1").setLease(3)
            .setToken(5).setCandidacyRevision(4)).build());
    assertEquals("SCOPE       LEADER  TOKEN  LEASE  VALUE\n"
            + "ctl         a       12     7      10.0.0.1:80\n"
            + "rebalancer  node-1  5      3\n",
        render(OutputFormat.table, list, out -> LeadershipText.scopes(out, list)));
  }

  @Test
  void campaignPrintsTheTokenOnOneLineInEveryFormat() throws Exception {
    LeadershipViews.Campaign elected = LeadershipViews.Campaign.elected(A, 12);
    assertEquals("elected ctl as a, token 12\n",
        streamed(OutputFormat.table, elected, out -> LeadershipText.campaign(out, elected)));
    String json = streamed(OutputFormat.json, elected, out -> {});
    assertEquals(1, json.lines().count(), json);
    JsonNode doc = JSON.readTree(json);
    assertTrue(doc.get("elected").asBoolean());
    assertEquals(12, doc.get("token").asLong());
    assertEquals(7, doc.get("lease").asLong());
    assertEquals(11, doc.get("create_revision").asLong());
    assertFalse(doc.has("leader"));

    LeadershipViews.Campaign notElected = LeadershipViews.Campaign.notElected(B, LEADS);
    assertEquals("not elected: ctl: a leads, token 12, lease 7, value 10.0.0.1:80\n",
        streamed(OutputFormat.table, notElected, out -> LeadershipText.campaign(out, notElected)));
    JsonNode notDoc = JSON.readTree(streamed(OutputFormat.json, notElected, out -> {}));
    assertFalse(notDoc.get("elected").asBoolean());
    assertFalse(notDoc.has("token"));
    assertEquals("a", notDoc.at("/leader/candidate").asText());
  }

  @Test
  void watchPrintsOneLinePerChange() throws Exception {
    LeadershipViews.LeadershipChange change = LeadershipViews.LeadershipChange.of(LeadershipEvent.newBuilder()
        .setRevision(12).setLeadership(LEADS.toBuilder().clearValue()).build());
    LeadershipViews.LeadershipChange vacancy = LeadershipViews.LeadershipChange.of(LeadershipEvent.newBuilder()
        .setRevision(20).setLeadership(Leadership.newBuilder().setScope("ctl")).build());
    assertEquals("[rev 12] ctl: a leads, token 12, lease 7\n",
        streamed(OutputFormat.table, change, out -> LeadershipText.change(out, change)));
    assertEquals("[rev 20] ctl: no leader\n",
        streamed(OutputFormat.table, vacancy, out -> LeadershipText.change(out, vacancy)));
    JsonNode doc = JSON.readTree(streamed(OutputFormat.json, change, out -> {}));
    assertEquals(12, doc.get("revision").asLong());
    assertEquals("a", doc.at("/leadership/candidate").asText());
    assertEquals(12, doc.at("/leadership/token").asLong());
  }
}
