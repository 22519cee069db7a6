package io.meshkit.access.bootstrap;

import com.google.protobuf.ByteString;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.JoinTokenText;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.IssueJoinTokenCommand;
import io.meshkit.proto.internal.v1.RevokeJoinTokenCommand;
import io.meshkit.proto.v1.BootstrapGrpc;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.IssueJoinTokenRequest;
import io.meshkit.proto.v1.IssueJoinTokenResponse;
import io.meshkit.proto.v1.JoinRequest;
import io.meshkit.proto.v1.JoinResponse;
import io.meshkit.proto.v1.ListJoinTokensRequest;
import io.meshkit.proto.v1.ListJoinTokensResponse;
import io.meshkit.proto.v1.RevokeJoinTokenRequest;
import io.meshkit.proto.v1.RevokeJoinTokenResponse;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.Caller;
import io.meshkit.raft.edge.GrpcEdge;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Bootstrap API. Issue, list and revoke are administrators' (on the client port); Join is what a
 * new machine calls, on the client port or alone on a member's bootstrap port ({@link #joinOnly()}).
 * Secrets are drawn here, at the edge; the replicated commands carry only their hashes.
 */
public final class BootstrapService extends BootstrapGrpc.BootstrapImplBase {
  private final RaftNode node;
  private final JoinSettings settings;
  private final JoinDesk desk;

  public BootstrapService(RaftNode node, JoinSettings settings) {
    this.node = node;
    this.settings = settings;
    this.desk = new JoinDesk(node, settings);
  }

  /** This service with only its Join method: what a bootstrap port serves. */
  public ServerServiceDefinition joinOnly() {
    ServerServiceDefinition all = bindService();
    return ServerServiceDefinition.builder(BootstrapGrpc.SERVICE_NAME)
        .addMethod(all.getMethod(BootstrapGrpc.getJoinMethod().getFullMethodName())).build();
  }

  @Override
  public void issueJoinToken(IssueJoinTokenRequest r, StreamObserver<IssueJoinTokenResponse> out) {
    GrpcEdge.reply(issueJoinToken(r), x -> x, out);
  }

  public CompletableFuture<IssueJoinTokenResponse> issueJoinToken(IssueJoinTokenRequest r) {
    String pin;
    try {
      pin = caPin();
    } catch (MeshException e) {
      return CompletableFuture.failedFuture(e);
    }
    JoinTokenText text = JoinTokenText.generate(pin);
    Command issue = Command.newBuilder().setIssueJoinToken(IssueJoinTokenCommand.newBuilder().setId(text.id())
        .setSecretSha256(ByteString.copyFrom(text.secretHash())).setRole(r.getRole())
        .setTtlMs(r.getTtlMs() == 0 ? JoinTokenLimits.DEFAULT_TTL.toMillis() : r.getTtlMs())
        .setUsesAllowed(r.getUses() == 0 ? 1 : r.getUses()).setCreatedBy(Caller.current().name())).build();
    return node.execute(issue).thenApply(result -> IssueJoinTokenResponse.newBuilder()
        .setHeader(node.header(result.getRevision())).setToken(result.getJoinToken()).setTokenText(text.toString())
        .build());
  }

  /**
   * The pin of the CA joiners will meet: the signing CA's, or else the CA bundle's only certificate.
   * A member without TLS, or with several CAs and no key telling which signs, cannot issue.
   */
  private String caPin() {
    if (settings.authority().isPresent()) {
      return settings.authority().get().pin();
    }
    if (settings.caBundle().isEmpty()) {
      throw new MeshException(ErrorCode.FAILED_PRECONDITION, "this cluster runs without TLS, and join tokens "
          + "deliver certificates from the cluster CA", "configure TLS and tlsCaKeyFile (docs/security.md)");
    }
    List<java.security.cert.X509Certificate> cas = CertificateAuthority.readCertificates(settings.caBundle().get());
    if (cas.size() != 1) {
      throw new MeshException(ErrorCode.FAILED_PRECONDITION, "member " + node.memberId() + "'s CA bundle holds "
          + cas.size() + " CAs and it has no tlsCaKeyFile to tell which one signs", "issue through a member with "
          + "tlsCaKeyFile (meshctl --endpoints)");
    }
    try {
      return JoinTokenText.pin(cas.get(0).getEncoded());
    } catch (CertificateEncodingException e) {
      throw new MeshException(ErrorCode.INTERNAL, "the CA certificate cannot be encoded", "", e);
    }
  }

  @Override
  public void listJoinTokens(ListJoinTokensRequest r, StreamObserver<ListJoinTokensResponse> out) {
    GrpcEdge.reply(listJoinTokens(r), x -> x, out);
  }

  public CompletableFuture<ListJoinTokensResponse> listJoinTokens(ListJoinTokensRequest r) {
    RaftNode.Consistency consistency = r.getSerializable() ? RaftNode.Consistency.SERIALIZABLE
        : RaftNode.Consistency.LINEARIZABLE;
    return node.read(consistency, view -> ListJoinTokensResponse.newBuilder().setHeader(node.header(view.revision()))
        .addAllTokens(JoinTokenRecords.list(view)).build());
  }

  @Override
  public void revokeJoinToken(RevokeJoinTokenRequest r, StreamObserver<RevokeJoinTokenResponse> out) {
    GrpcEdge.reply(revokeJoinToken(r), x -> x, out);
  }

  public CompletableFuture<RevokeJoinTokenResponse> revokeJoinToken(RevokeJoinTokenRequest r) {
    return node.execute(Command.newBuilder().setRevokeJoinToken(RevokeJoinTokenCommand.newBuilder().setId(r.getId()))
        .build()).thenApply(result -> RevokeJoinTokenResponse.newBuilder().setHeader(node.header(result.getRevision()))
        .setToken(result.getJoinToken()).build());
  }

  @Override
  public void join(JoinRequest r, StreamObserver<JoinResponse> out) {
    GrpcEdge.reply(desk.join(r), x -> x, out);
  }
}
