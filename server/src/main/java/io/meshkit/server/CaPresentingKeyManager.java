package io.meshkit.server;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The member's identity with the cluster CA's certificate at the end of its chain: what the bootstrap port
 * presents, so a joiner that knows only the CA's hash (from its token) can find the CA in the handshake,
 * check the hash and verify the chain. Delegates everything else, so certificate rotation carries over.
 */
final class CaPresentingKeyManager extends X509ExtendedKeyManager {
  private final X509ExtendedKeyManager identity;
  private final X509Certificate ca;

  CaPresentingKeyManager(X509ExtendedKeyManager identity, X509Certificate ca) {
    this.identity = identity;
    this.ca = ca;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509Certificate[] chain = identity.getCertificateChain(alias);
    if (chain == null || chain.length == 0 || chain[chain.length - 1].equals(ca)) {
      return chain;
    }
    X509Certificate[] withCa = Arrays.copyOf(chain, chain.length + 1);
    withCa[chain.length] = ca;
    return withCa;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return identity.getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return identity.chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return identity.getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return identity.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return identity.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return identity.chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return identity.getPrivateKey(alias);
  }
}
