package io.meshkit.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void cliReferenceHasEveryCommandWithItsOptionsAndExamples() {
    String cli = GenerateDocs.cliReference();
    assertTrue(cli.contains("### meshctl kv put\n"), "a subcommand section");
    assertTrue(cli.contains("| `--lease ID` | Attach the key to this lease. |"), "an option with its label");
    assertTrue(cli.contains("| `KEY` | The key. |"), "a positional parameter");
    assertTrue(cli.contains("```sh\nmeshctl kv put greeting hello\n"), "the examples of the help footer");
    assertTrue(cli.contains("#### meshctl shards rebalance plan\n"), "a third-level command");
    assertTrue(cli.contains("| `--endpoints HOST:PORT[,...]` |"), "the global options, at the root");
    assertEquals(cli.indexOf("`--endpoints HOST:PORT[,...]`"), cli.lastIndexOf("`--endpoints HOST:PORT[,...]`"),
        "inherited options are listed once");
    assertFalse(cli.contains("%n"), "picocli line breaks are not left in");
  }

  @Test
  void apiReferenceLinksRequestsAndDocumentsFieldsAndEnums() {
    FileDescriptorSet set = ApiReference.loadDescriptorSet();
    String api = ApiReference.render(set);
    assertTrue(api.contains("### meshkit.v1.Lease\n"), "a service section");
    assertTrue(api.contains("| `Revoke` | [`LeaseRevokeRequest`](#meshkitv1leaserevokerequest) | "
        + "[`LeaseRevokeResponse`](#meshkitv1leaserevokeresponse) | Deletes the lease"), "an rpc with links and comment");
    assertTrue(api.contains("stream [`LeaseKeepAliveRequest`]"), "streaming is shown");
    assertTrue(api.contains("### meshkit.v1.LeaseRevokeRequest\n"), "the linked message has its section");
    assertTrue(api.contains("| `lease` | 3 | int64 | Attach the key to this lease"), "a field's comment");
    assertTrue(api.contains("### meshkit.v1.ErrorCode\n"), "an enum section");
    assertTrue(api.contains("| `metadata` | 7 | map&lt;string, string&gt; |"), "a map field, not its entry type");
    assertFalse(api.contains("MetadataEntry"), "map entry types get no section");
    assertTrue(api.contains("| `request_put` | 2 | [`PutRequest`](#meshkitv1putrequest) | One of `request`."),
        "a oneof member");
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
