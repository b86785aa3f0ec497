package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhooks through the real API server's admission chain: TLS, caBundle, patches, dryRun. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EApp.class, restrictToAnnotatedClass = true)
class AdmissionE2E {

  static final String NS = "admission-e2e";
  static final String IGNORED_NS = "admission-e2e-ignored";
  static KubernetesClient k;

  @BeforeAll
  static void registerWebhooks() {
    RealCluster cluster = RealCluster.get();
    k = cluster.client();
    cluster.ensureNamespace(NS);
    k.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(IGNORED_NS)
                .addToLabels("rolloutguard.io/ignore", "true")
                .endMetadata()
                .build())
        .serverSideApply();
    Webhooks.register(k, E2EApp.port, E2EApp.caPem());
    Webhooks.awaitActive(k, NS);
  }

  @AfterAll
  static void unregisterWebhooks() {
    Webhooks.unregister(k);
  }

  static Deployment kubia(String name, String image, String pullPolicy) {
    return E2EWorkloads.kubia(NS, name, image, pullPolicy, 1);
  }

  private static String pullPolicy(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy();
  }

  @Test
  void createWithLatestStoresAlways() {
    Deployment stored =
        k.resource(kubia("create-latest", "luksa/kubia:latest", "IfNotPresent")).create();

    assertEquals("Always", pullPolicy(stored));
  }

  @Test
  void updateFromV1ToLatestStoresAlways() {
    Deployment v1 = k.resource(kubia("update-latest", "luksa/kubia:v1", "IfNotPresent")).create();
    assertEquals("IfNotPresent", pullPolicy(v1));

    Deployment latest =
        k.apps()
            .deployments()
            .inNamespace(NS)
            .withName("update-latest")
            .edit(
                d -> {
                  d.getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .get(0)
                      .setImage("luksa/kubia:latest");
                  return d;
                });

    assertEquals("Always", pullPolicy(latest));
  }

  /**
   * RG002 would deny a ReplicationController without a selector, but the API server defaults the
   * selector (and labels) from the template while decoding, before any admission webhook runs, so
   * no webhook can see it missing. This test pins that platform behaviour.
   */
  @Test
  void replicationControllerSelectorIsDefaultedBeforeAdmission() {
    ReplicationController rc =
        new ReplicationControllerBuilder()
            .withNewMetadata()
            .withName("kubia-rc")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "kubia-rc")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("nodejs")
            .withImage("luksa/kubia:v1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    ReplicationController stored = k.resource(rc).dryRun().create();

    assertEquals(java.util.Map.of("app", "kubia-rc"), stored.getSpec().getSelector());
  }

  @Test
  void replicaSetWithOnlyNotInSelectorIsDenied() {
    ReplicaSet rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("broad")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withMinReadySeconds(10)
            .withNewSelector()
            .addNewMatchExpression()
            .withKey("app")
            .withOperator("NotIn")
            .withValues("db")
            .endMatchExpression()
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "kubia")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("nodejs")
            .withImage("luksa/kubia:v1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> k.resource(rs).create());

    assertEquals(403, e.getCode());
    assertTrue(
        e.getMessage()
            .contains("admission webhook \"validate-unowned.rolloutguard.io\" denied the request"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("[RG002] spec.selector: selector uses only NotIn/DoesNotExist"),
        e.getMessage());
  }

  /**
   * The API server's own validation (which runs before validating webhooks) already rejects
   * minReadySeconds >= progressDeadlineSeconds, so RG003 adds the case it cannot see: a readiness
   * probe that cannot pass before the deadline.
   */
  @Test
  void minReadySecondsAtTheProgressDeadlineIsRejected() {
    Deployment d = kubia("stuck", "luksa/kubia:v1", "IfNotPresent");
    d.getSpec().setMinReadySeconds(600);
    d.getSpec().setProgressDeadlineSeconds(600);

    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> k.resource(d).create());

    assertEquals(422, e.getCode());
    assertTrue(e.getMessage().contains("must be greater than minReadySeconds"), e.getMessage());
  }

  @Test
  void aProbeThatCannotPassBeforeTheDeadlineIsDenied() {
    Deployment d = slowProbe("slow-probe");

    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> k.resource(d).create());

    assertEquals(403, e.getCode());
    assertTrue(
        e.getMessage().contains("[RG003] spec.template.spec.containers[0].readinessProbe"),
        e.getMessage());
  }

  private static Deployment slowProbe(String name) {
    Deployment d = kubia(name, "luksa/kubia:v1", "IfNotPresent");
    d.getSpec().setProgressDeadlineSeconds(600);
    d.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getReadinessProbe()
        .setInitialDelaySeconds(600);
    return d;
  }

  @Test
  void serverSideDryRunGetsTheSameAnswers() {
    Deployment latest =
        k.resource(kubia("dry-latest", "luksa/kubia:latest", "IfNotPresent")).dryRun().create();

    KubernetesClientException e =
        assertThrows(
            KubernetesClientException.class,
            () -> k.resource(slowProbe("dry-slow")).dryRun().create());

    assertEquals("Always", pullPolicy(latest));
    assertEquals(403, e.getCode());
    assertTrue(e.getMessage().contains("[RG003]"), e.getMessage());
    assertEquals(null, k.apps().deployments().inNamespace(NS).withName("dry-latest").get());
  }

  /** Prints the median create latency with and without the webhooks in the way; no threshold. */
  @Test
  void admissionOverheadThroughTheApiServer() {
    int n = 40;
    List<Long> with = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      with.add(timeCreate(NS, "timed-" + i));
      without.add(timeCreate(IGNORED_NS, "timed-" + i));
    }
    long medianWith = median(with);
    long medianWithout = median(without);
    System.out.printf(
        "admission overhead through the API server: median create %.2f ms with webhooks, %.2f ms"
            + " without (N=%d each, loopback)%n",
        medianWith / 1e6, medianWithout / 1e6, n);

    assertEquals(
        n,
        k.apps().deployments().inNamespace(NS).withLabel("timed", "true").list().getItems().size());
    assertEquals(
        n,
        k.apps()
            .deployments()
            .inNamespace(IGNORED_NS)
            .withLabel("timed", "true")
            .list()
            .getItems()
            .size());
  }

  private static long timeCreate(String namespace, String name) {
    Deployment d = kubia(name, "luksa/kubia:v1", "IfNotPresent");
    d.getMetadata().setNamespace(namespace);
    d.getMetadata().setLabels(java.util.Map.of("timed", "true"));
    d.getSpec().setReplicas(0);
    long start = System.nanoTime();
    k.resource(d).create();
    return System.nanoTime() - start;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
