package io.rolloutguard.tls;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rolloutguard.admission.Management;
import io.rolloutguard.cluster.ClusterLifecycle;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * rolloutguard.role=controller against the mock API server: it creates the TLS Secret and writes
 * caBundle, starts the rollout controller, opens no webhook port, and is ready without a warm-up.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = WebhookConfigsSetup.class)
@TestProfile(RoleProfiles.Controller.class)
class ControllerRoleTest {

  @KubernetesTestServer KubernetesServer server;
  @Inject ClusterLifecycle cluster;

  @Test
  void createsTheSecretAndWritesBothCaBundles() {
    KubernetesClient client = server.getClient();
    Secret secret =
        client
            .secrets()
            .inNamespace(SelfManagedTlsProfile.NAMESPACE)
            .withName(SelfManagedTlsProfile.SECRET)
            .get();
    assertNotNull(secret, "the controller creates the Secret");
    TlsMaterial material = TlsMaterial.fromSecretData(secret.getData()).orElseThrow();
    String bundle =
        Base64.getEncoder().encodeToString(material.caCert().getBytes(StandardCharsets.UTF_8));
    var admission = client.admissionRegistration().v1();
    admission
        .mutatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertEquals(bundle, w.getClientConfig().getCaBundle(), w.getName()));
    admission
        .validatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertEquals(bundle, w.getClientConfig().getCaBundle(), w.getName()));
  }

  @Test
  void startsTheRolloutController() {
    assertTrue(cluster.connected());
    assertTrue(cluster.operatorStarted());
  }

  /** The HTTP server listens on no host: neither the webhook port nor plain HTTP is open. */
  @Test
  void opensNoWebhookPort() {
    assertThrows(
        ConnectException.class, () -> new Socket("localhost", RoleProfiles.Controller.SSL_PORT));
    assertThrows(
        ConnectException.class, () -> new Socket("localhost", RoleProfiles.Controller.PORT));
  }

  /** Warm-up is configured, but there is no webhook to warm: readiness does not wait for it. */
  @Test
  void isReadyWithoutAWarmUp() {
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'admission' }.data.warmedUp", equalTo(true));
  }
}
