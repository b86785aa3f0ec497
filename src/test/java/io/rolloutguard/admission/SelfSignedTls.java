package io.rolloutguard.admission;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rolloutguard.tls.CertificateIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged app with a fresh CA and serving certificate for 127.0.0.1/localhost, and
 * without a cluster, as an operator would try it on a laptop.
 */
public class SelfSignedTls implements QuarkusTestResourceLifecycleManager {

  static volatile CertificateIssuer.Issued ca;
  static volatile int port;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "it-tls"));
      Instant now = Instant.now();
      ca = CertificateIssuer.selfSignedCa("rollout-guard test CA", now, Duration.ofDays(1));
      CertificateIssuer.Issued serving =
          CertificateIssuer.serving(ca, List.of("localhost", "127.0.0.1"), now, Duration.ofDays(1));
      Path cert = Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());
      Path key = Files.writeString(dir.resolve("tls.key"), serving.keyPem());
      port = freePort();
      return Map.of(
          "quarkus.http.ssl.certificate.files", cert.toAbsolutePath().toString(),
          "quarkus.http.ssl.certificate.key-files", key.toAbsolutePath().toString(),
          "quarkus.http.ssl-port", String.valueOf(port),
          "quarkus.http.test-ssl-port", String.valueOf(port),
          "rolloutguard.controller.enabled", "false");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
