package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With rolloutguard.tls.client-ca set, the webhook port answers the API server (which presents its
 * webhook client certificate) and no one else: a review forged from another address, naming another
 * team's namespace, is refused at the TLS handshake, so RG002's overlap denial never names that
 * namespace's workloads to it.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EClientCertApp.class, restrictToAnnotatedClass = true)
class ForgedReviewE2E {

  static final String NS = "forged-a";
  static final String VICTIM = "forged-victim";
  static KubernetesClient admin;
  static Deployment victim;

  @BeforeAll
  static void webhooksAndAVictimWorkload() {
    RealCluster cluster = RealCluster.get();
    admin = cluster.client();
    cluster.ensureNamespace(NS);
    cluster.ensureNamespace(VICTIM);
    Webhooks.register(admin, E2EApp.port, E2EApp.caPem());
    Webhooks.awaitActive(admin, NS);
    victim =
        admin
            .resource(E2EWorkloads.kubia(VICTIM, "payments", "luksa/kubia:v1", null, 1))
            .serverSideApply();
  }

  @Test
  void throughTheApiServerAdmissionWorks() {
    assertEquals("Always", pullPolicy(latest(NS, "through-the-api-server")));
  }

  /**
   * A Deployment in the victim's namespace whose selector overlaps the victim's: answered, RG002
   * would deny it naming "payments". From 127.0.0.2 without the API server's certificate, the
   * connection is refused before any review is read (over TLS 1.3 the client's handshake ends
   * before the server checks its certificate, so the refusal shows at the first read).
   */
  @Test
  void aForgedReviewNamingAnotherNamespaceIsRefusedAtTheHandshake() {
    String review = overlapReview();
    assertThrows(
        IOException.class,
        () -> {
          try (ForgedReviews forged = new ForgedReviews(E2EApp.port, E2EApp.ca.certificate())) {
            forged.post("/validate", review);
          }
        },
        "the webhook answered a review from a caller without the API server's certificate");

    assertEquals("Always", pullPolicy(latest(NS, "after-the-forged-review")));
    String health = AppHttp.management("/q/health/ready");
    // The first status is the overall one.
    assertEquals(health.indexOf("\"status\""), health.indexOf("\"status\": \"UP\""), health);
  }

  private static Deployment latest(String namespace, String name) {
    return admin
        .resource(E2EWorkloads.kubia(namespace, name, "luksa/kubia:latest", "IfNotPresent", 1))
        .create();
  }

  private static String pullPolicy(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy();
  }

  private static String overlapReview() {
    Deployment forged = E2EWorkloads.kubia(VICTIM, "forged", "luksa/kubia:v1", null, 1);
    forged.getSpec().setSelector(victim.getSpec().getSelector());
    forged
        .getSpec()
        .getTemplate()
        .getMetadata()
        .setLabels(victim.getSpec().getSelector().getMatchLabels());
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
        + "\"uid\":\"forged\",\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"},"
        + "\"resource\":{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"},"
        + "\"operation\":\"CREATE\",\"namespace\":\""
        + VICTIM
        + "\",\"name\":\"forged\",\"userInfo\":{\"username\":\"system:serviceaccount:"
        + NS
        + ":deployer\"},\"object\":"
        + Serialization.asJson(forged)
        + "}}";
  }
}
