package io.rolloutguard.e2e;

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
 * Starts the packaged app against the real API server: HTTPS with a fresh CA (the caBundle the
 * webhook configurations carry), and the controller on.
 */
public class E2EApp implements QuarkusTestResourceLifecycleManager {

  static volatile CertificateIssuer.Issued ca;
  static volatile int port;

  @Override
  public Map<String, String> start() {
    RealCluster.get();
    try {
      Path dir = Files.createDirectories(RealCluster.DIR.resolve("app-tls"));
      Instant now = Instant.now();
      ca = CertificateIssuer.selfSignedCa("rollout-guard e2e webhook CA", now, Duration.ofDays(1));
      CertificateIssuer.Issued serving =
          CertificateIssuer.serving(ca, List.of("127.0.0.1", "localhost"), now, Duration.ofDays(1));
      Path cert = Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());
      Path key = Files.writeString(dir.resolve("tls.key"), serving.keyPem());
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      return Map.of(
          "quarkus.http.ssl.certificate.files", cert.toString(),
          "quarkus.http.ssl.certificate.key-files", key.toString(),
          "quarkus.http.ssl-port", String.valueOf(port),
          "quarkus.http.test-ssl-port", String.valueOf(port),
          "kubeconfig", RealCluster.KUBECONFIG.toString(),
          "rolloutguard.controller.enabled", "true",
          "rolloutguard.namespace", RealCluster.APP_NAMESPACE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}

  static String caPem() {
    return ca.certificatePem();
  }
}
