package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rolloutguard.cluster.ClusterLifecycle;
import io.rolloutguard.cluster.Leadership;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * rolloutguard.role=admission against the mock API server: it serves the certificate the Secret
 * holds, even one due for renewal, and sends no write at all: no Secret, no caBundle, no lease.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = AdmissionRoleTest.DueSecret.class)
@TestProfile(RoleProfiles.Admission.class)
class AdmissionRoleTest {

  /** The setup's own writes: two webhook configurations and the Secret. */
  private static final int SETUP_CREATES = 3;

  static volatile TlsMaterial stored;

  @KubernetesTestServer KubernetesServer server;
  @Inject ClusterLifecycle cluster;
  @Inject Leadership leadership;

  /** Issued 80 days ago for 90: a process that controls would renew it at start. */
  public static class DueSecret implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      new WebhookConfigsSetup().accept(server);
      stored =
          CertificateRotation.plan(
                  Optional.empty(),
                  new CertificateRotation.Settings(
                      List.of(
                          "rollout-guard",
                          "rollout-guard.rollout-guard",
                          "rollout-guard.rollout-guard.svc",
                          "rollout-guard.rollout-guard.svc.cluster.local"),
                      Duration.ofDays(3650),
                      Duration.ofDays(90)),
                  Instant.now().minus(Duration.ofDays(80)))
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
                  .withData(stored.toSecretData())
                  .build())
          .create();
    }
  }

  @Test
  void servesTheSecretsCertificateWithoutRenewingIt() throws Exception {
    assertEquals(
        Pem.certificate(stored.cert()).getSerialNumber(),
        TlsProbe.servedSerial(RoleProfiles.Admission.PORT));
    assertEquals(
        stored.cert(),
        TlsMaterial.fromSecretData(
                server
                    .getClient()
                    .secrets()
                    .inNamespace(SelfManagedTlsProfile.NAMESPACE)
                    .withName(SelfManagedTlsProfile.SECRET)
                    .get()
                    .getData())
            .orElseThrow()
            .cert());
  }

  @Test
  void writesNoCaBundle() {
    KubernetesClient client = server.getClient();
    var admission = client.admissionRegistration().v1();
    admission
        .mutatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertNull(w.getClientConfig().getCaBundle(), w.getName()));
    admission
        .validatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertNull(w.getClientConfig().getCaBundle(), w.getName()));
  }

  @Test
  void connectsItsCachesButStartsNoController() {
    assertTrue(cluster.connected(), "the caches read the cluster");
    assertFalse(cluster.operatorStarted(), "no rollout controller, no leader election");
    assertFalse(leadership.leading());
  }

  /** Every request the app sent, recorded by the mock server: reads only. */
  @Test
  void sendsNoWriteToTheApiServer() throws Exception {
    List<String> writes = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.getKubernetesMockServer().takeRequest(0, TimeUnit.SECONDS)) != null) {
      if (!"GET".equals(request.getMethod())) {
        writes.add(request.getMethod() + " " + request.getPath());
      }
    }
    assertEquals(SETUP_CREATES, writes.size(), "only the setup's creates: " + writes);
    assertTrue(writes.stream().allMatch(w -> w.startsWith("POST ")), writes.toString());
  }
}
