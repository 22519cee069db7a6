package io.meshkit.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.meshkit.proto.v1.ChangeInfo;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every registry mutation takes: who asks and why ({@link AuditOptions}), an
 * optional fence, and {@code --dry-run}.
 */
final class ChangeOptions {
  @Mixin
  AuditOptions audit;

  @Option(names = "--dry-run",
      description = "Ask the server what would change (before → after) and apply nothing.")
  boolean dryRun;

  @Mixin
  FenceOption fence;

  /** Who asks and why, from {@link AuditOptions}. */
  ChangeInfo change(Function<String, String> env) {
    return audit.change(env);
  }

  /**
   * Sets {@code change}, {@code fence} (when given) and {@code dry_run} on a registry mutation
   * request; every one of them has these three fields, by name.
   */
  <B extends Message.Builder> B stamp(B request, Function<String, String> env) {
    Descriptor type = request.getDescriptorForType();
    request.setField(type.findFieldByName("change"), change(env));
    if (fence.fence() != null) {
      request.setField(type.findFieldByName("fence"), fence.fence());
    }
    request.setField(type.findFieldByName("dry_run"), dryRun);
    return request;
  }
}
