package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Self-managed TLS with the client CA required: a certificate swap replaces the server's SSL
 * options whole, and the requirement must outlive it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = WebhookConfigsSetup.class)
@TestProfile(SelfManagedClientCertificateTest.Profile.class)
class SelfManagedClientCertificateTest {

  public static class Profile extends SelfManagedTlsProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(super.getConfigOverrides());
      config.put("rolloutguard.tls.client-ca", ClientCas.CA_FILE.toString());
      config.put("rolloutguard.tls.client-names", ClientCas.API_SERVER);
      return config;
    }
  }

  static final int PORT = SelfManagedTlsProfile.PORT;

  @KubernetesTestServer KubernetesServer server;

  @Test
  void afterACertificateSwapOnlyTheApiServersCertificateStillGetsIn() throws Exception {
    assertRequired();

    BigInteger swapped = swapTheServingCertificate();
    Awaitility.await("the new certificate is served")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> swapped.equals(servedSerial()));

    assertRequired();
  }

  private void assertRequired() throws Exception {
    byte[] review = MutualTls.review(ClientCertificateRequiredTest.REVIEW);
    String answer = MutualTls.post(PORT, ClientCas.apiServer(), "/mutate", review);
    assertTrue(answer.contains(ClientCertificateRequiredTest.UID), answer);
    assertThrows(IOException.class, () -> MutualTls.handshake(PORT, null, "TLSv1.2"));
    assertThrows(IOException.class, () -> MutualTls.post(PORT, null, "/mutate", review));
    assertThrows(
        IOException.class, () -> MutualTls.handshake(PORT, ClientCas.otherCa(), "TLSv1.2"));
  }

  /** The serial of the certificate served to the API server's client certificate. */
  private static BigInteger servedSerial() throws Exception {
    return MutualTls.servedSerial(PORT, ClientCas.apiServer());
  }

  private BigInteger swapTheServingCertificate() {
    var secrets = server.getClient().secrets().inNamespace(SelfManagedTlsProfile.NAMESPACE);
    Secret secret = secrets.withName(SelfManagedTlsProfile.SECRET).get();
    TlsMaterial current = TlsMaterial.fromSecretData(secret.getData()).orElseThrow();
    CertificateIssuer.Issued ca =
        new CertificateIssuer.Issued(
            Pem.certificate(current.caCert()), Pem.keyPair(current.caCert(), current.caKey()));
    CertificateIssuer.Issued replacement =
        CertificateIssuer.serving(ca, List.of("rollout-guard"), Instant.now(), Duration.ofDays(90));
    TlsMaterial next =
        new TlsMaterial(
            current.caCert(),
            current.caKey(),
            replacement.certificatePem(),
            replacement.keyPem(),
            null);
    secrets
        .withName(SelfManagedTlsProfile.SECRET)
        .edit(
            s -> {
              s.setData(next.toSecretData());
              return s;
            });
    return replacement.certificate().getSerialNumber();
  }
}
