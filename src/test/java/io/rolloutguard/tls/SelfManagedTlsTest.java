package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A fresh start with no Secret, against the mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = WebhookConfigsSetup.class)
@TestProfile(SelfManagedTlsProfile.class)
class SelfManagedTlsTest {

  @KubernetesTestServer KubernetesServer server;

  private TlsMaterial stored() {
    Secret secret =
        server
            .getClient()
            .secrets()
            .inNamespace(SelfManagedTlsProfile.NAMESPACE)
            .withName(SelfManagedTlsProfile.SECRET)
            .get();
    assertNotNull(secret, "no Secret was created");
    assertEquals("kubernetes.io/tls", secret.getType());
    return TlsMaterial.fromSecretData(secret.getData()).orElseThrow();
  }

  @Test
  void freshStartCreatesTheCaAndServingCertificateAndPatchesBothCaBundles() {
    TlsMaterial material = stored();
    String bundle =
        Base64.getEncoder().encodeToString(material.caCert().getBytes(StandardCharsets.UTF_8));
    KubernetesClient client = server.getClient();

    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertEquals(bundle, w.getClientConfig().getCaBundle()));
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertEquals(bundle, w.getClientConfig().getCaBundle()));
  }

  @Test
  void servesTheCertificateFromTheSecret() throws Exception {
    assertEquals(
        Pem.certificate(stored().cert()).getSerialNumber(),
        TlsProbe.servedSerial(SelfManagedTlsProfile.PORT));
  }

  @Test
  void onlyTls13AndStrongTls12Suites() throws Exception {
    StrongTls.assertOnlyStrongTls(SelfManagedTlsProfile.PORT);
  }

  /** The swap replaces the server's SSL options whole: the policy must come with them. */
  @Test
  void aReplacedCertificateIsServedWithoutARestart() throws Exception {
    TlsMaterial current = stored();
    CertificateIssuer.Issued ca =
        new CertificateIssuer.Issued(
            Pem.certificate(current.caCert()), Pem.keyPair(current.caCert(), current.caKey()));
    CertificateIssuer.Issued replacement =
        CertificateIssuer.serving(
            ca,
            java.util.List.of(
                "rollout-guard",
                "rollout-guard.rollout-guard",
                "rollout-guard.rollout-guard.svc",
                "rollout-guard.rollout-guard.svc.cluster.local"),
            Instant.now(),
            Duration.ofDays(90));
    TlsMaterial next =
        new TlsMaterial(
            current.caCert(),
            current.caKey(),
            replacement.certificatePem(),
            replacement.keyPem(),
            null);

    server
        .getClient()
        .secrets()
        .inNamespace(SelfManagedTlsProfile.NAMESPACE)
        .withName(SelfManagedTlsProfile.SECRET)
        .edit(
            s -> {
              s.setData(next.toSecretData());
              return s;
            });

    BigInteger expected = replacement.certificate().getSerialNumber();
    Awaitility.await("the new certificate is served")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> expected.equals(TlsProbe.servedSerial(SelfManagedTlsProfile.PORT)));
    StrongTls.assertOnlyStrongTls(SelfManagedTlsProfile.PORT);
  }
}
