package io.rolloutguard.admission;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rolloutguard.tls.CertificateIssuer;
import io.rolloutguard.tls.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged app with a fresh CA and serving certificate for 127.0.0.1/localhost, and
 * without a cluster, as an operator would try it on a laptop, but with plain HTTP off as in the
 * manifests; health and metrics on a management port of its own.
 */
public class SelfSignedTls implements QuarkusTestResourceLifecycleManager {

  static volatile CertificateIssuer.Issued ca;
  static volatile int port;
  static volatile int managementPort;
  static volatile int plainPort;

  @Override
  public Map<String, String> start() {
    TestCertificates.Served served =
        TestCertificates.write(
            Path.of("target", "it-tls"),
            "rollout-guard test CA",
            List.of("localhost", "127.0.0.1"));
    ca = served.ca();
    port = TestCertificates.freePort();
    managementPort = TestCertificates.freePort();
    plainPort = TestCertificates.freePort();
    return Map.of(
        "quarkus.http.ssl.certificate.files", served.cert().toString(),
        "quarkus.http.ssl.certificate.key-files", served.key().toString(),
        "quarkus.http.ssl-port", String.valueOf(port),
        "quarkus.http.test-ssl-port", String.valueOf(port),
        "quarkus.management.port", String.valueOf(managementPort),
        "quarkus.management.test-port", String.valueOf(managementPort),
        "rolloutguard.controller.enabled", "false",
        // As the manifests run it: no plain HTTP (this port stays closed).
        "quarkus.http.insecure-requests", "disabled",
        "quarkus.http.port", String.valueOf(plainPort),
        "quarkus.http.test-port", String.valueOf(plainPort));
  }

  @Override
  public void stop() {}
}
