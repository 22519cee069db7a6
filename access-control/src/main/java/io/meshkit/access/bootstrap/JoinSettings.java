package io.meshkit.access.bootstrap;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.JoinPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a member tells joiners, from its configuration.
 *
 * @param clusterName the Raft group's name
 * @param peers every member with its addresses
 * @param gossipKey the gossip key, empty when gossip is not sealed
 * @param caBundle the member's CA bundle file (read at each join, so a changed bundle is what joiners
 *     get); empty without TLS
 * @param authority the CA this member signs with; empty on a member without the CA key (it issues and
 *     lists tokens but cannot serve joins)
 * @param certificateValidity how long issued certificates are valid (never past the CA's own end)
 */
public record JoinSettings(String clusterName, List<JoinPeer> peers, ByteString gossipKey, Optional<Path> caBundle,
    Optional<CertificateAuthority> authority, Duration certificateValidity) {
  public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofDays(90);

  public JoinSettings {
    peers = List.copyOf(peers);
  }
}
