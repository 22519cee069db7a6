package io.meshkit.cli.docs;

import io.meshkit.cli.Meshctl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Writes the generated references into a docs folder: {@value #CLI} from the meshctl commands and
 * {@value #API} from the public protos. Run by {@code bin/gen-docs}; a test fails when the committed
 * files differ from what this would write.
 */
public final class GenerateDocs {
  public static final String CLI = "cli.md";
  public static final String API = "api-reference.md";

  private GenerateDocs() {
  }

  /** The CLI reference as {@link #main} writes it. */
  public static String cliReference() {
    return CliReference.render(new CommandLine(new Meshctl()));
  }

  /** The API reference as {@link #main} writes it. */
  public static String apiReference() {
    return ApiReference.render(ApiReference.loadDescriptorSet());
  }

  /** {@code args[0]}: the docs folder (default {@code docs}). */
  public static void main(String[] args) throws IOException {
    Path docs = Path.of(args.length > 0 ? args[0] : "docs");
    if (!Files.isDirectory(docs)) {
      System.err.println("gen-docs: " + docs.toAbsolutePath() + " is not a folder: pass the repository's docs folder");
      System.exit(2);
    }
    Files.writeString(docs.resolve(CLI), cliReference(), StandardCharsets.UTF_8);
    Files.writeString(docs.resolve(API), apiReference(), StandardCharsets.UTF_8);
    System.out.println("wrote " + docs.resolve(CLI) + " and " + docs.resolve(API));
    for (String missing : ApiReference.undocumented(ApiReference.loadDescriptorSet())) {
      System.err.println("gen-docs: no proto comment on " + missing);
    }
  }
}
