package io.meshkit.client;

import io.meshkit.proto.v1.PeerEvent;

/**
 * Receives a peer watch's deliveries ({@link MembershipClient#watchPeers}). Calls come one at a time
 * from gRPC threads: keep them short or hand off.
 */
public interface PeerListener {
  /**
   * One peer as the watched member first reports it (no {@code before}; the member itself comes
   * first), or a change of a peer's status, incarnation or metadata ({@code before} → {@code after}).
   */
  void onEvent(PeerEvent event);

  /**
   * The watch ended for good: its member failed, ended the stream or refused it (gossip off:
   * {@code FAILED_PRECONDITION}). No further calls follow. Not called after {@link PeerWatch#close()}.
   */
  void onFailed(MeshkitClientException error);
}
