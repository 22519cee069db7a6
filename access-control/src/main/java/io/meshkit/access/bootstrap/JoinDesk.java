package io.meshkit.access.bootstrap;

import io.meshkit.proto.JoinTokenText;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.ConsumeJoinTokenCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.JoinRequest;
import io.meshkit.proto.v1.JoinResponse;
import io.meshkit.proto.v1.JoinToken;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one join, in this order: everything that needs no state is checked (this member can sign, the
 * token's form and CA pin, the name, the certificate request); a linearizable read checks that the id is
 * known and the secret right (so a made-up token costs no Raft write); then the token is consumed through
 * Raft (where the secret is checked again, and reuse, expiry and revocation are decided), and only then is
 * the certificate signed. A refused
 * request therefore never uses up a token, and a certificate is never signed for a token that was not
 * consumed.
 */
final class JoinDesk {
  private static final Logger LOG = LoggerFactory.getLogger(JoinDesk.class);

  private final RaftNode node;
  private final JoinSettings settings;

  JoinDesk(RaftNode node, JoinSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  CompletableFuture<JoinResponse> join(JoinRequest request) {
    CertificateAuthority ca;
    JoinTokenText token;
    CertificateRequest csr;
    try {
      ca = settings.authority().orElseThrow(() -> new MeshException(ErrorCode.FAILED_PRECONDITION, "member "
          + node.memberId() + " cannot sign certificates (it has no tlsCaKeyFile)", "join through a member that holds "
          + "the CA key: its bootstrapAddress"));
      token = JoinTokenText.parse(request.getToken()).orElseThrow(() -> new MeshException(ErrorCode.UNAUTHENTICATED,
          "this is not a join token", "give it as " + JoinTokenText.expectedForm()));
      if (!token.caPin().equals(ca.pin())) {
        throw new MeshException(ErrorCode.UNAUTHENTICATED, "join token " + token.id() + " was issued for another CA "
            + "than this cluster's", "ask this cluster's administrator for a token (meshctl bootstrap issue)");
      }
      JoinTokenLimits.joiner(request.getName());
      csr = CertificateRequest.parse(request.getCsrPem());
    } catch (CommandRejectedException e) {
      return CompletableFuture.failedFuture(new MeshException(e.code(), e.getMessage(), e.hint()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), ""));
    } catch (MeshException e) {
      return CompletableFuture.failedFuture(e);
    }
    Command consume = Command.newBuilder().setConsumeJoinToken(ConsumeJoinTokenCommand.newBuilder()
        .setId(token.id()).setSecretSha256(com.google.protobuf.ByteString.copyFrom(token.secretHash()))
        .setJoiner(request.getName())).build();
    return node.read(RaftNode.Consistency.LINEARIZABLE, view -> JoinTokenCommands.credentialProblem(
            JoinTokenRecords.get(view, token.id()), token.id(), token.secretHash()))
        .thenCompose(problem -> problem.isPresent()
            ? CompletableFuture.failedFuture(new MeshException(ErrorCode.UNAUTHENTICATED, problem.get(), ""))
            : node.execute(consume))
        .thenApply(result -> issue(ca, csr, request.getName(), result.getJoinToken()));
  }

  private JoinResponse issue(CertificateAuthority ca, CertificateRequest csr, String name, JoinToken token) {
    Instant joined = Instant.ofEpochMilli(token.getJoined(token.getJoinedCount() - 1).getAtUnixMs());
    X509Certificate certificate = ca.issue(csr, name, token.getRole(), settings.certificateValidity(), joined);
    LOG.info("join: issued a {} certificate to {} ({}) with token {}, valid until {}", token.getRole(), name,
        csr.sanText(), token.getId(), certificate.getNotAfter().toInstant());
    return JoinResponse.newBuilder()
        .setCertificateChainPem(CertificateAuthority.pem(List.of(certificate, ca.certificate())))
        .setCaBundlePem(bundle(settings.caBundle().orElseThrow(), ca))
        .setClusterName(settings.clusterName())
        .setRole(token.getRole())
        .addAllPeers(settings.peers())
        .setGossipKey(settings.gossipKey())
        .setNotAfterUnixMs(certificate.getNotAfter().getTime())
        .build();
  }

  /** The bundle file as it is now; the signing CA alone if it cannot be read. */
  private static String bundle(Path file, CertificateAuthority ca) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      LOG.warn("join: the CA bundle {} cannot be read ({}); sending the signing CA alone", file, e.toString());
      return CertificateAuthority.pem(List.of(ca.certificate()));
    }
  }
}
