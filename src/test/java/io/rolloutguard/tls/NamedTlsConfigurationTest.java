package io.rolloutguard.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhook's TLS policy with the named TLS configuration {@code webhook} read from files, as the
 * cert-manager overlay sets it ({@code QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_CERT}).
 */
@QuarkusTest
@TestProfile(NamedTlsConfigurationTest.Profile.class)
class NamedTlsConfigurationTest {

  static final int PORT = TestCertificates.freePort();

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      TestCertificates.Served served =
          TestCertificates.write(
              Path.of("target", "tls-named"), "named CA", List.of("localhost", "127.0.0.1"));
      return Map.of(
          "quarkus.http.tls-configuration-name", "webhook",
          "quarkus.tls.webhook.key-store.pem.0.cert", served.cert().toString(),
          "quarkus.tls.webhook.key-store.pem.0.key", served.key().toString(),
          "quarkus.http.test-ssl-port", String.valueOf(PORT));
    }
  }

  @Test
  void onlyTls13AndStrongTls12Suites() throws Exception {
    StrongTls.assertOnlyStrongTls(PORT);
  }
}
