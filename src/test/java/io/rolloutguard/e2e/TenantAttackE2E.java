package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks made as a tenant: a ServiceAccount with an edit Role in its own namespace and its own
 * token, against the shipped webhook configurations on the real API server. Each must fail: the
 * object is mutated or denied naming a rule, and the webhook still serves afterwards.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EApp.class, restrictToAnnotatedClass = true)
class TenantAttackE2E {

  static final String NS = "tenant-a";
  static final String TENANT = "deployer";
  static KubernetesClient admin;
  static KubernetesClient tenant;

  @BeforeAll
  static void tenantWithEditRights() {
    RealCluster cluster = RealCluster.get();
    admin = cluster.client();
    cluster.ensureNamespace(NS);
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(TENANT)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .serverSideApply();
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("edit")
                .withNamespace(NS)
                .endMetadata()
                .addNewRule()
                .withApiGroups("apps")
                .withResources("deployments", "replicasets")
                .withVerbs("*")
                .endRule()
                .addNewRule()
                .withApiGroups("")
                .withResources("pods", "configmaps")
                .withVerbs("*")
                .endRule()
                .build())
        .serverSideApply();
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("edit")
                .withNamespace(NS)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "edit")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(TENANT)
                .withNamespace(NS)
                .endSubject()
                .build())
        .serverSideApply();
    // Where the platform lets tenants label their own namespace.
    admin
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("tenant-a-namespace")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("namespaces")
                .withResourceNames(NS)
                .withVerbs("get", "patch", "update")
                .endRule()
                .build())
        .serverSideApply();
    admin
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("tenant-a-namespace")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "tenant-a-namespace")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(TENANT)
                .withNamespace(NS)
                .endSubject()
                .build())
        .serverSideApply();
    tenant =
        new KubernetesClientBuilder()
            .withConfig(
                Config.fromKubeconfig(
                    RealCluster.read(cluster.serviceAccountKubeconfig(NS, TENANT))))
            .build();
    Webhooks.register(admin, E2EApp.port, E2EApp.caPem());
    Webhooks.applyIgnoreLabelPolicy(admin);
    Webhooks.awaitActive(admin, NS);
    // The API server loads admission policies asynchronously too.
    Kubia.await("the ignore-label policy in force").until(() -> labelRefused(true) != null);
  }

  /** The error when labelling the namespace ignored is refused, or null when it went through. */
  static KubernetesClientException labelRefused(boolean dryRun) {
    java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.Namespace> label =
        n -> {
          n.getMetadata().getLabels().put(IGNORE_LABEL, "true");
          return n;
        };
    try {
      if (dryRun) {
        tenant.namespaces().withName(NS).dryRun().edit(label);
      } else {
        tenant.namespaces().withName(NS).edit(label);
      }
      return null;
    } catch (KubernetesClientException e) {
      return e;
    }
  }

  @AfterAll
  static void cleanUp() {
    Webhooks.unregister(admin);
    tenant.close();
  }

  static Deployment kubia(String name) {
    return E2EWorkloads.kubia(NS, name, "luksa/kubia:latest", "IfNotPresent", 1);
  }

  /** A ConfigMap the tenant owns, as the controller of the object: a real uid, so GC keeps it. */
  static <T extends HasMetadata> T ownedByOwnConfigMap(T object, String configMap) {
    ConfigMap owner =
        tenant
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(configMap)
                    .withNamespace(NS)
                    .endMetadata()
                    .build())
            .serverSideApply();
    OwnerReference reference =
        new OwnerReferenceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName(configMap)
            .withUid(owner.getMetadata().getUid())
            .withController(true)
            .build();
    object.getMetadata().setOwnerReferences(List.of(reference));
    return object;
  }

  static String pullPolicy(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy();
  }

  @Test
  void aClaimedOwnerDoesNotSkipTheMutation() {
    Deployment stored =
        tenant.resource(ownedByOwnConfigMap(kubia("claims-owner"), "claims-owner")).create();

    assertEquals("Always", pullPolicy(stored));
    assertEquals("ConfigMap", stored.getMetadata().getOwnerReferences().get(0).getKind());
  }

  @Test
  void aClaimedOwnerDoesNotSkipTheDenial() {
    Deployment invalid = ownedByOwnConfigMap(kubia("claims-owner-invalid"), "claims-invalid");
    invalid.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("Kubia:latest");

    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> tenant.resource(invalid).create());

    assertTrue(e.getMessage().contains("[RG000]"), e.getMessage());
  }

  @Test
  void aBarePodWithAClaimedOwnerIsMutated() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("claims-owner-pod")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("nodejs")
            .withImage("luksa/kubia:latest")
            .withImagePullPolicy("IfNotPresent")
            .endContainer()
            .endSpec()
            .build();

    Pod stored = tenant.resource(ownedByOwnConfigMap(pod, "claims-pod")).create();

    assertEquals("Always", stored.getSpec().getContainers().get(0).getImagePullPolicy());
  }

  @Test
  void anUpdateThatAddsAClaimedOwnerIsMutated() {
    Deployment v1 =
        tenant.resource(E2EWorkloads.kubia(NS, "update-owner", "luksa/kubia:v1", null, 1)).create();
    ConfigMap owner =
        tenant
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("update-owner")
                    .withNamespace(NS)
                    .endMetadata()
                    .build())
            .serverSideApply();

    // The deployment controller writes the Deployment too (its revision, its status): retry a
    // conflict, as kubectl edit would have the user do.
    AtomicReference<Deployment> latest = new AtomicReference<>();
    Kubia.await("the update admitted")
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              latest.set(
                  tenant
                      .apps()
                      .deployments()
                      .inNamespace(NS)
                      .withName(v1.getMetadata().getName())
                      .edit(
                          d -> {
                            d.getMetadata()
                                .setOwnerReferences(
                                    List.of(
                                        new OwnerReferenceBuilder()
                                            .withApiVersion("v1")
                                            .withKind("ConfigMap")
                                            .withName("update-owner")
                                            .withUid(owner.getMetadata().getUid())
                                            .withController(true)
                                            .build()));
                            d.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .setImage("luksa/kubia:latest");
                            return d;
                          }));
              return true;
            });
    assertEquals("Always", pullPolicy(latest.get()));
  }

  @Test
  void theTenantCannotLabelItsNamespaceOutOfTheWebhooks() {
    KubernetesClientException e = labelRefused(false);

    assertEquals(403, e == null ? 0 : e.getCode(), "labelled");
    assertTrue(e.getMessage().contains("rolloutguard.io/ignore"), e.getMessage());
    assertEquals(
        null, admin.namespaces().withName(NS).get().getMetadata().getLabels().get(IGNORE_LABEL));
    assertEquals("Always", pullPolicy(tenant.resource(kubia("after-label")).create()));
  }

  static final String IGNORE_LABEL = "rolloutguard.io/ignore";

  /**
   * A server-side dry run of a Deployment with 4,000 containers on :latest once ran every replica's
   * heap out: now it is refused with the limit named, and the webhook serves on.
   */
  @Test
  void fourThousandContainersAreRefusedAndTheWebhookServesOn() {
    Deployment huge = kubia("four-thousand");
    var containers = huge.getSpec().getTemplate().getSpec().getContainers();
    var first = containers.get(0);
    for (int i = 1; i < 4000; i++) {
      containers.add(
          new io.fabric8.kubernetes.api.model.ContainerBuilder(first)
              .withName("c" + i)
              .withReadinessProbe(null)
              .build());
    }

    KubernetesClientException e =
        assertThrows(
            KubernetesClientException.class, () -> tenant.resource(huge).dryRun().create());

    assertTrue(e.getMessage().contains("rolloutguard.limits.containers"), e.getMessage());
    assertEquals("Always", pullPolicy(tenant.resource(kubia("after-huge")).create()));
  }

  /** A 200 KB image reference once overflowed the stack and got a 500 (the Pod went in). */
  @Test
  void aTwoHundredKilobyteImageIsDeniedNamingTheRule() {
    String image = "x@" + "a.".repeat(100_000) + "a";
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("long-image")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(image)
            .endContainer()
            .endSpec()
            .build();

    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> tenant.resource(pod).create());

    assertTrue(e.getMessage().contains("[RG000]"), e.getMessage());
    assertEquals("Always", pullPolicy(tenant.resource(kubia("after-long-image")).create()));
  }

  /**
   * Pods and ReplicaSets the built-in controllers create are not sent to the webhooks, in both of
   * the controller-manager's identity modes: the matchConditions name the users it really sends.
   */
  @ParameterizedTest
  @ValueSource(strings = {"own", "sa"})
  void theBuiltInControllersChildrenAreNotSent(String mode) {
    RealCluster.controllerManagerMode(mode);
    try {
      AdmissionCounts before = AdmissionCounts.scrape();
      admin
          .resource(E2EWorkloads.kubia(NS, "controllers-" + mode, "luksa/kubia:v1", null, 2))
          .create();

      Kubia.await("2 pods created by the " + mode + " controller-manager")
          .until(
              () ->
                  admin
                          .pods()
                          .inNamespace(NS)
                          .withLabel("app", "controllers-" + mode)
                          .list()
                          .getItems()
                          .size()
                      == 2);

      AdmissionCounts after = AdmissionCounts.scrape();
      assertEquals(before.count("Deployment") + 2, after.count("Deployment"), "one per webhook");
      assertEquals(before.count("ReplicaSet"), after.count("ReplicaSet"));
      assertEquals(before.count("Pod"), after.count("Pod"));
    } finally {
      RealCluster.controllerManagerMode("own");
    }
  }

  /**
   * Any pod can reach the webhook port: 2,000 reviews of made-up kinds, sent from an address that
   * is not the API server's, add no metric series, and the webhook still serves.
   */
  @Test
  void madeUpKindsDoNotGrowTheMetrics() throws Exception {
    try (ForgedReviews forged = new ForgedReviews(E2EApp.port, E2EApp.ca.certificate())) {
      for (int i = 0; i < 2000; i++) {
        assertEquals(200, forged.post("/validate", "example.com", "v1", "MadeUp" + i, NS).status());
      }
    }

    AdmissionCounts counts = AdmissionCounts.scrape();
    assertTrue(
        counts.kinds().stream().noneMatch(k -> k.startsWith("MadeUp")), counts.kinds().toString());
    assertTrue(counts.count("other") >= 2000, counts.kinds().toString());
    assertEquals("Always", pullPolicy(tenant.resource(kubia("after-made-up-kinds")).create()));
  }
}
