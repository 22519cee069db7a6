package io.meshkit.cli;

import io.meshkit.proto.v1.ConfigKind;
import io.meshkit.proto.v1.ValidateConfigResponse;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl config validate FILE}. */
@Command(name = "validate", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Sends a member's or relay's YAML config to the cluster, which parses it as bin/meshkit would and "
        + "checks it against the current transport policy. Prints each setting the policy does not allow, with the "
        + "fix.",
        "Exit 0 when the file complies, 1 when it violates the policy or does not parse."},
    footer = {"", "Examples:",
        "  meshctl config validate relay.yaml --kind relay",
        "  meshctl config validate node.yaml -o json | jq -r '.violations[].setting'"})
final class ConfigValidateCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The YAML config file.")
  Path file;

  @Option(names = "--kind", paramLabel = "member|relay", description = "Whose config the file is. Default: member.")
  String kind = "member";

  private ConfigKind configKind;
  private String yaml;

  @Override
  void validate(CliContext context) {
    configKind = switch (kind.toLowerCase(Locale.ROOT)) {
      case "member" -> ConfigKind.MEMBER;
      case "relay" -> ConfigKind.RELAY;
      default -> throw new UsageException("--kind " + kind + " is neither member nor relay");
    };
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UsageException("config file " + file + " does not exist");
    } catch (MalformedInputException e) {
      throw new UsageException("config file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  @Override
  int run(Session session) {
    ValidateConfigResponse r = session.client().policy().validate(configKind, yaml);
    PolicyViews.Validation validation = PolicyViews.Validation.of(file.toString(), kind.toLowerCase(Locale.ROOT), r);
    session.output().print(validation, out -> PolicyText.validation(out, validation));
    return validation.violations().isEmpty() ? ExitCodes.OK : ExitCodes.REFUSED;
  }
}
