package io.rolloutguard.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhook's TLS policy with certificate files given as the README shows for a run by hand
 * ({@code quarkus.http.ssl.certificate.files}), which sets no named TLS configuration.
 */
@QuarkusTest
@TestProfile(CertificateFilesTlsTest.Profile.class)
class CertificateFilesTlsTest {

  static final int PORT = TestCertificates.freePort();

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      TestCertificates.Served served =
          TestCertificates.write(
              Path.of("target", "tls-files"), "files CA", List.of("localhost", "127.0.0.1"));
      return Map.of(
          "quarkus.http.ssl.certificate.files", served.cert().toString(),
          "quarkus.http.ssl.certificate.key-files", served.key().toString(),
          "quarkus.http.test-ssl-port", String.valueOf(PORT));
    }
  }

  @Test
  void onlyTls13AndStrongTls12Suites() throws Exception {
    StrongTls.assertOnlyStrongTls(PORT);
  }
}
