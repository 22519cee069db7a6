package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.client.ClientTls;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.TlsMaterial;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on a three-member cluster: a client with a certificate from the cluster's CA writes and
 * reads through every member (a follower's linearizable read asks the leader over TLS with the member's
 * own certificate); a plaintext client and a TLS client without a certificate are refused; the admin
 * server speaks HTTPS with the same rule; the Raft transport speaks mutual TLS; a standalone relay follows
 * the registry with its {@code clusterTls}; and a member certificate
 * replaced on disk is served without a restart, while a writer keeps writing without a single failure.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TlsIT {
  @TempDir
  Path dir;

  /** The serial number of the certificate the server at {@code hostPort} presents in a new handshake. */
  private static BigInteger servedSerial(SSLContext context, String hostPort) throws Exception {
    int colon = hostPort.lastIndexOf(':');
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)))) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** A TLS context that trusts the CA but has no certificate of its own. */
  private static SSLContext trustOnly(TlsMaterial trustFrom) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {trustFrom.trustManager()}, null);
    return context;
  }

  @Test
  void mutualTlsEverywhereAndCertificatesRotateWithoutARestart() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    Path[] client = ca.issue("client", 2);
    MiniCluster.Options options = MiniCluster.Options.defaults().withTls(new MiniCluster.Options.Tls(node[0], node[1],
        ca.ca(), "require", Duration.ofSeconds(1)));
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"), options);
         MeshkitClient mtls = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
             .tls(ClientTls.mutual(ca.ca(), client[0], client[1])).build();
         TlsMaterial clientIdentity = TlsMaterial.load(ca.ca(), client[0], client[1], Duration.ofSeconds(1), true)) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      mtls.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))
          .build());
      for (String endpoint : cluster.clientEndpoints()) {
        try (MeshkitClient one = MeshkitClient.builder().endpoints(List.of(endpoint))
            .tls(ClientTls.mutual(ca.ca(), client[0], client[1])).build()) {
          assertEquals("v", one.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build())
              .getKvs(0).getValue().toStringUtf8(), "a linearizable read through " + endpoint);
        }
      }

      try (MeshkitClient plain = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
        assertThrows(Exception.class, () -> plain.rangeAsync(RangeRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("k")).build()).get(20, TimeUnit.SECONDS), "a plaintext client");
      }
      try (MeshkitClient anonymous = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
          .tls(ClientTls.verifyServer(ca.ca())).build()) {
        assertThrows(Exception.class, () -> anonymous.rangeAsync(RangeRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("k")).build()).get(20, TimeUnit.SECONDS), "a client without a certificate");
      }

      String admin = cluster.adminEndpoint(0);
      HttpClient https = HttpClient.newBuilder().sslContext(clientIdentity.sslContext()).build();
      assertEquals(200, https.send(HttpRequest.newBuilder(URI.create("https://" + admin + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://" + admin + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()), "plain HTTP");
      HttpClient certificateless = HttpClient.newBuilder().sslContext(trustOnly(clientIdentity)).build();
      assertThrows(java.io.IOException.class, () -> certificateless.send(HttpRequest.newBuilder(URI.create("https://"
          + admin + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()), "HTTPS without a client certificate");
      assertEquals(BigInteger.ONE, servedSerial(clientIdentity.sslContext(), admin));
      // The Raft transport speaks mutual TLS with the same certificate (the cluster's writes went over it).
      assertEquals(BigInteger.ONE, servedSerial(clientIdentity.sslContext(), cluster.raftEndpoint(1)));
      try (SSLSocket anonymous = (SSLSocket) trustOnly(clientIdentity).getSocketFactory().createSocket(
          "127.0.0.1", Integer.parseInt(cluster.raftEndpoint(1).substring(cluster.raftEndpoint(1).lastIndexOf(':') + 1)))) {
        assertThrows(java.io.IOException.class, () -> {
          anonymous.startHandshake();
          anonymous.getOutputStream().write(new byte[64]);  // TLS 1.3 reports a refused client certificate here
          anonymous.getOutputStream().flush();
          anonymous.getInputStream().read();
        }, "a Raft peer without a certificate");
      }

      // A standalone relay reaches the members with its clusterTls: it follows the registry over TLS.
      // It also serves TLS itself (tls:): h2 or HTTP/1.1 by ALPN on its listen port, HTTPS on its admin port.
      List<Integer> relayPorts = FreePorts.distinct(2);
      Path relayYaml = Files.writeString(dir.resolve("relay.yaml"), "listen: 127.0.0.1:" + relayPorts.get(0)
          + "\nadmin: 127.0.0.1:" + relayPorts.get(1) + "\n"
          + "dataDir: " + dir.resolve("relay") + "\nendpoints: [" + String.join(", ", cluster.clientEndpoints())
          + "]\nroutes:\n  - {header: x-meshkit-namespace}\nclusterTls: {caFile: " + ca.ca() + ", certFile: "
          + client[0] + ", keyFile: " + client[1] + "}\ntls: {certFile: " + node[0] + ", keyFile: " + node[1]
          + ", caFile: " + ca.ca() + "}\n");
      try (RelayProcess relay = RelayProcess.start(ConfigLoader.load(relayYaml, java.util.Map.of(), RelayConfig.class)
          .validate())) {
        Await.until(() -> !relay.routing().stale() && relay.routing().current().revision() > 0,
            Duration.ofSeconds(30), "the relay's routing table, read over TLS");
        URI proxied = URI.create("https://127.0.0.1:" + relayPorts.get(0) + "/no-such-namespace");
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
          HttpResponse<String> answer = HttpClient.newBuilder().sslContext(clientIdentity.sslContext()).version(version)
              .build().send(HttpRequest.newBuilder(proxied).header("x-meshkit-namespace", "nope").build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(version, answer.version(), "ALPN picked the client's protocol");
          assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, "the relay itself answered (an unknown"
              + " namespace) over TLS: " + answer.statusCode() + " " + answer.body());
        }
        assertThrows(java.io.IOException.class, () -> certificateless.send(HttpRequest.newBuilder(proxied).build(),
            HttpResponse.BodyHandlers.ofString()), "a relay client without a certificate");
        assertEquals(200, https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + relayPorts.get(1)
            + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "the relay's HTTPS admin");
      }

      // Rotation under load: a writer keeps putting while a new certificate and key for the members are
      // written over the old files; not one of its writes may fail.
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
      java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread writer = new Thread(() -> {
        while (!stop.get()) {
          try {
            mtls.put("load/" + written.get(), "x");
            written.incrementAndGet();
          } catch (RuntimeException e) {
            failures.add(e.getMessage());
          }
        }
      }, "tls-writer");
      writer.start();
      Path[] next = ca.issue("node-next", 99);
      Files.move(next[1], node[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(next[0], node[0], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Await.until(() -> {
        try {
          return BigInteger.valueOf(99).equals(servedSerial(clientIdentity.sslContext(), admin));
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(30), "the admin server presents the new certificate");
      Await.until(() -> {
        try {
          return BigInteger.valueOf(99).equals(servedSerial(clientIdentity.sslContext(),
              cluster.clientEndpoints().get(1)));
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(30), "the client API presents the new certificate");
      Await.until(() -> {
        try {
          return BigInteger.valueOf(99).equals(servedSerial(clientIdentity.sslContext(), cluster.raftEndpoint(2)));
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(30), "the Raft transport presents the new certificate");
      long before = written.get();
      Await.until(() -> written.get() > before + 20, Duration.ofSeconds(30), "writes after the rotation");
      stop.set(true);
      writer.join(10_000);
      assertEquals(List.of(), failures, "writes during the rotation (" + written.get() + " succeeded)");
      mtls.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("w"))
          .build());
      try (MeshkitClient fresh = MeshkitClient.builder().endpoints(List.of(cluster.clientEndpoints().get(2)))
          .tls(ClientTls.mutual(ca.ca(), client[0], client[1])).build()) {
        assertEquals("w", fresh.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build())
            .getKvs(0).getValue().toStringUtf8(), "a new connection after the rotation");
      }
    }
  }
}
