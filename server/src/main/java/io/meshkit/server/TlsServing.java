package io.meshkit.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.meshkit.client.TlsMaterial;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Serving TLS from reloadable {@link TlsMaterial} — the same key and trust managers, so a rotated
 * certificate is served to new handshakes without a restart — for the JDK's HTTPS server (admin
 * ports) and for Netty (a relay's listen port, offering h2 and http/1.1 through ALPN).
 */
final class TlsServing {
  private TlsServing() {}

  /** A JDK HTTP server on {@code address}: HTTPS with {@code https}, else plain HTTP. Not started. */
  static com.sun.net.httpserver.HttpServer httpServer(String address, java.util.Optional<HttpsConfigurator> https)
      throws java.io.IOException {
    if (https.isEmpty()) {
      return com.sun.net.httpserver.HttpServer.create(Addresses.parse(address), 16);
    }
    com.sun.net.httpserver.HttpsServer secure = com.sun.net.httpserver.HttpsServer.create(Addresses.parse(address), 16);
    secure.setHttpsConfigurator(https.get());
    return secure;
  }

  /** HTTPS for a JDK {@code HttpsServer}, asking for client certificates as {@code clientAuth} says. */
  static HttpsConfigurator https(TlsMaterial material, TlsSettings.ClientAuth clientAuth) {
    return new HttpsConfigurator(material.sslContext()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        // One call only: each of these setters clears the other flag (setWantClientAuth(false) after
        // setNeedClientAuth(true) would stop asking for certificates at all).
        switch (clientAuth) {
          case REQUIRE -> p.setNeedClientAuth(true);
          case OPTIONAL -> p.setWantClientAuth(true);
          case NONE -> p.setNeedClientAuth(false);
        }
        params.setSSLParameters(p);
      }
    };
  }

  /** A Netty server context: TLS 1.2+, ALPN offering h2 then http/1.1, client certificates as {@code clientAuth} says. */
  static SslContext netty(TlsMaterial material, TlsSettings.ClientAuth clientAuth) {
    try {
      return SslContextBuilder.forServer(material.keyManager().orElseThrow()).trustManager(material.trustManager())
          .clientAuth(switch (clientAuth) {
            case REQUIRE -> ClientAuth.REQUIRE;
            case OPTIONAL -> ClientAuth.OPTIONAL;
            case NONE -> ClientAuth.NONE;
          })
          .protocols("TLSv1.3", "TLSv1.2")
          .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up TLS from " + material + ": " + e.getMessage(), e);
    }
  }
}
