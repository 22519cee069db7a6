package io.meshkit.raft;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * TLS between the members' Raft servers: every member presents {@code keyManager}'s certificate and
 * accepts only peers whose certificate {@code trustManager} trusts (mutual TLS, both ways, on the Raft
 * port and on the client the member forwards writes with). The managers may change what they hold
 * while in use (rotation); each new connection asks them.
 */
public record PeerTls(KeyManager keyManager, TrustManager trustManager) {}
