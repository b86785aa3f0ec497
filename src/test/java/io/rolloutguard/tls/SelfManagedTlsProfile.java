package io.rolloutguard.tls;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Self-managed TLS on, against the mock API server, HTTPS on a free port. */
public class SelfManagedTlsProfile implements QuarkusTestProfile {

  static final int PORT = TestCertificates.freePort();
  static final String NAMESPACE = "rollout-guard";
  static final String SECRET = "rollout-guard-tls";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "rolloutguard.tls.self-managed", "true",
        "quarkus.http.tls-configuration-name", "webhook",
        "quarkus.http.test-ssl-port", String.valueOf(PORT),
        "rolloutguard.namespace", NAMESPACE,
        "rolloutguard.controller.enabled", "false");
  }
}
