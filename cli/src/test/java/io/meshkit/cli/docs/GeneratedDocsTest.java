package io.meshkit.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed references are what bin/gen-docs writes now: regenerated in memory, compared with
 * docs/, so a changed command or proto comment without a regenerated doc fails here.
 */
class GeneratedDocsTest {
  static final Path DOCS = Path.of("..", "docs");

  private static void assertFresh(String file, String generated) throws IOException {
    Path committed = DOCS.resolve(file);
    boolean same = Files.exists(committed) && Files.readString(committed).equals(generated);
    assertTrue(same, "docs/" + file + " is out of date: run bin/gen-docs");
  }

  @Test
  void cliReferenceIsUpToDate() throws IOException {
    assertFresh(GenerateDocs.CLI, GenerateDocs.cliReference());
  }

  @Test
  void apiReferenceIsUpToDate() throws IOException {
    assertFresh(GenerateDocs.API, GenerateDocs.apiReference());
  }

  /** Fails naming the first of {@code expected} (what it shows → the text) that {@code doc} lacks. */
  private static void assertShows(String doc, Map<String, String> expected) {
    expected.forEach((what, text) -> assertTrue(doc.contains(text), () -> "should show " + what + ": " + text));
  }

  @Test
  void cliReferenceHasEveryCommandWithItsOptionsAndExamples() {
    String cli = GenerateDocs.cliReference();
    assertShows(cli, Map.of(
        "a command group", "### meshctl kv\n",
        "a subcommand", "#### meshctl kv put\n",
        "an option with its label", "| `--lease ID` | Attach the key to this lease. |",
        "a positional parameter", "| `KEY` | The key. |",
        "the examples of the help footer", "```sh\nmeshctl kv put greeting hello\n",
        "a third-level command", "#### meshctl shards rebalance plan\n",
        "the global options, at the root", "| `--endpoints HOST:PORT[,...]` |"));
    assertEquals(cli.indexOf("`--endpoints HOST:PORT[,...]`"), cli.lastIndexOf("`--endpoints HOST:PORT[,...]`"),
        "inherited options are listed once");
    assertFalse(cli.contains("%n"), "picocli line breaks are not left in");
  }

  @Test
  void apiReferenceLinksRequestsAndDocumentsFieldsAndEnums() {
    String api = ApiReference.render(ApiReference.loadDescriptorSet());
    assertShows(api, Map.of(
        "a service", "### meshkit.v1.Lease\n",
        "an rpc with links and comment", "| `Revoke` | [`LeaseRevokeRequest`](#meshkitv1leaserevokerequest) | "
            + "[`LeaseRevokeResponse`](#meshkitv1leaserevokeresponse) | Deletes the lease",
        "a streaming rpc", "stream [`LeaseKeepAliveRequest`]",
        "the linked message", "### meshkit.v1.LeaseRevokeRequest\n",
        "a field's comment", "| `lease` | 3 | int64 | Attach the key to this lease",
        "an enum", "### meshkit.v1.ErrorCode\n",
        "a map field", "| `metadata` | 7 | map&lt;string, string&gt; |",
        "a oneof member", "| `request_put` | 2 | [`PutRequest`](#meshkitv1putrequest) | One of `request`."));
    assertFalse(api.contains("MetadataEntry"), "map entry types get no section");
    assertFalse(api.contains("meshkit.internal.v1."), "internal commands are not API");
  }

  @Test
  void everyPublicServiceAndRpcHasAComment() {
    assertEquals("[]", ApiReference.undocumented(ApiReference.loadDescriptorSet()).toString(),
        "add a short comment in the .proto above each of these, then run bin/gen-docs");
  }

  @Test
  void anchorsFollowGitHub() {
    assertEquals("meshctl-kv-put", Markdown.anchor("meshctl kv put"));
    assertEquals("meshkitv1putrequest", Markdown.anchor("meshkit.v1.PutRequest"));
    assertEquals("leader-loss--no-leader", Markdown.anchor("Leader loss / no leader"));
    assertEquals("full-disk_x", Markdown.anchor("Full `disk`_x"));
  }
}
