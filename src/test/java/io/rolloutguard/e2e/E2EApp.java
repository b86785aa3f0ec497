package io.rolloutguard.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rolloutguard.tls.CertificateIssuer;
import io.rolloutguard.tls.TestCertificates;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged app against the real API server: HTTPS with a fresh CA (the caBundle the
 * webhook configurations carry), the controller on, and the ServiceAccount and RBAC from
 * manifests/base as its identity.
 */
public class E2EApp implements QuarkusTestResourceLifecycleManager {

  static volatile CertificateIssuer.Issued ca;
  static volatile int port;
  static volatile int managementPort;

  @Override
  public Map<String, String> start() {
    RealCluster cluster = RealCluster.get();
    TestCertificates.Served served =
        TestCertificates.write(
            RealCluster.DIR.resolve("app-tls"),
            "rollout-guard e2e webhook CA",
            List.of("127.0.0.1", "localhost"));
    ca = served.ca();
    port = TestCertificates.freePort();
    managementPort = TestCertificates.freePort();
    return Map.of(
        "quarkus.http.ssl.certificate.files", served.cert().toString(),
        "quarkus.http.ssl.certificate.key-files", served.key().toString(),
        "quarkus.http.ssl-port", String.valueOf(port),
        "quarkus.http.test-ssl-port", String.valueOf(port),
        "quarkus.management.port", String.valueOf(managementPort),
        "quarkus.management.test-port", String.valueOf(managementPort),
        "kubeconfig", cluster.serviceAccountKubeconfig().toString(),
        "rolloutguard.controller.enabled", "true",
        "rolloutguard.namespace", RealCluster.APP_NAMESPACE);
  }

  @Override
  public void stop() {}

  static String caPem() {
    return ca.certificatePem();
  }
}
