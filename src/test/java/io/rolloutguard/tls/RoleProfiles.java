package io.rolloutguard.tls;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The two roles of the manifests, self-managed TLS on, against the mock API server. */
final class RoleProfiles {

  private RoleProfiles() {}

  /** As manifests/base/deployment.yaml: webhooks on HTTPS, caches connected, writes nothing. */
  public static class Admission implements QuarkusTestProfile {
    static final int PORT = TestCertificates.freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "rolloutguard.role", "admission",
          "rolloutguard.tls.self-managed", "true",
          "quarkus.http.tls-configuration-name", "webhook",
          "quarkus.http.test-ssl-port", String.valueOf(PORT),
          "rolloutguard.namespace", SelfManagedTlsProfile.NAMESPACE,
          "rolloutguard.controller.enabled", "true");
    }
  }

  /**
   * As manifests/base/deployment-controller.yaml: the HTTP server listens on no host (Quarkus
   * refuses plain HTTP off without a certificate), so only the management port listens; warm-up on,
   * to show readiness skips it.
   */
  public static class Controller implements QuarkusTestProfile {
    static final int PORT = TestCertificates.freePort();
    static final int SSL_PORT = TestCertificates.freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "rolloutguard.role", "controller",
          "rolloutguard.tls.self-managed", "true",
          "quarkus.http.host-enabled", "false",
          "quarkus.http.test-port", String.valueOf(PORT),
          "quarkus.http.test-ssl-port", String.valueOf(SSL_PORT),
          "rolloutguard.warm-up.reviews", "300",
          "rolloutguard.namespace", SelfManagedTlsProfile.NAMESPACE,
          "rolloutguard.controller.enabled", "true");
    }
  }
}
