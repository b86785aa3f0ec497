package io.rolloutguard.tls;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificate files, HTTPS only (as the manifests run it), with the warm-up on so readiness depends
 * on it, and the API server's client CA required, naming kube-apiserver.
 */
public class ClientCertificateProfile implements QuarkusTestProfile {

  static final int PORT = TestCertificates.freePort();

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(withoutClientCa());
    config.put("rolloutguard.tls.client-ca", ClientCas.CA_FILE.toString());
    config.put("rolloutguard.tls.client-names", ClientCas.API_SERVER);
    return config;
  }

  static Map<String, String> withoutClientCa() {
    TestCertificates.Served served =
        TestCertificates.write(
            Path.of("target", "client-ca-serving"),
            "serving CA",
            List.of("localhost", "127.0.0.1"));
    return Map.of(
        "quarkus.http.ssl.certificate.files", served.cert().toString(),
        "quarkus.http.ssl.certificate.key-files", served.key().toString(),
        "quarkus.http.test-ssl-port", String.valueOf(PORT),
        "quarkus.http.insecure-requests", "disabled",
        "rolloutguard.warm-up.reviews", "4");
  }

  /** The same app without the setting. */
  public static class Off implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return withoutClientCa();
    }
  }
}
