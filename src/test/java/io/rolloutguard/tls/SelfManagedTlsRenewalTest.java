package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A start with a serving certificate near expiry: it is renewed under the same CA. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = SelfManagedTlsRenewalTest.NearExpiry.class)
@TestProfile(SelfManagedTlsRenewalTest.Profile.class)
class SelfManagedTlsRenewalTest {

  /** A distinct profile, so this class gets its own app and mock server. */
  public static class Profile extends SelfManagedTlsProfile {}

  static volatile TlsMaterial old;

  /** Issued 80 days ago for 90 days: past two thirds of its life. */
  public static class NearExpiry implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      new WebhookConfigsSetup().accept(server);
      Instant issued = Instant.now().minus(Duration.ofDays(80));
      old =
          CertificateRotation.plan(
                  java.util.Optional.empty(),
                  new CertificateRotation.Settings(
                      List.of(
                          "rollout-guard",
                          "rollout-guard.rollout-guard",
                          "rollout-guard.rollout-guard.svc",
                          "rollout-guard.rollout-guard.svc.cluster.local"),
                      Duration.ofDays(3650),
                      Duration.ofDays(90)),
                  issued)
              .orElseThrow();
      server
          .getClient()
          .secrets()
          .inNamespace(SelfManagedTlsProfile.NAMESPACE)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(SelfManagedTlsProfile.SECRET)
                  .endMetadata()
                  .withType("kubernetes.io/tls")
                  .withData(old.toSecretData())
                  .build())
          .create();
    }
  }

  @KubernetesTestServer KubernetesServer server;

  @Test
  void aCertificateNearExpiryIsRenewedAndServed() throws Exception {
    TlsMaterial now =
        TlsMaterial.fromSecretData(
                server
                    .getClient()
                    .secrets()
                    .inNamespace(SelfManagedTlsProfile.NAMESPACE)
                    .withName(SelfManagedTlsProfile.SECRET)
                    .get()
                    .getData())
            .orElseThrow();

    assertEquals(old.caCert(), now.caCert(), "the CA is still young and is kept");
    assertNotEquals(
        Pem.certificate(old.cert()).getSerialNumber(),
        Pem.certificate(now.cert()).getSerialNumber());
    assertEquals(
        Pem.certificate(now.cert()).getSerialNumber(),
        TlsProbe.servedSerial(SelfManagedTlsProfile.PORT));
  }
}
