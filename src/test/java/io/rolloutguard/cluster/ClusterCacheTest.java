package io.rolloutguard.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.TargetRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared cache against the fabric8 mock API server: what it keeps, and how it is read. */
@EnableKubernetesMockClient(crud = true)
class ClusterCacheTest {

  private static final String REVISION = "deployment.kubernetes.io/revision";

  KubernetesClient client;
  private final ClusterCache cache = new ClusterCache();

  @AfterEach
  void stop() {
    cache.stop();
  }

  /** Metadata as kubectl apply and server-side apply leave it: large and never read. */
  private static ObjectMeta meta(String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace("shop")
        .withLabels(labels)
        .addToAnnotations(Slim.LAST_APPLIED, "{\"kind\":\"…the whole object again…\"}")
        .addToAnnotations(REVISION, "3")
        .withManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager("kubectl-client-side-apply")
                .withOperation("Update")
                .withFieldsType("FieldsV1")
                .build())
        .build();
  }

  private static Deployment deployment(String image) {
    return new DeploymentBuilder()
        .withMetadata(meta("web", Map.of()))
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withTemplate(
            new PodTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("app", "web")
                .addToAnnotations("prometheus.io/scrape", "true")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage(image)
                .endContainer()
                .endSpec()
                .build())
        .endSpec()
        .withNewStatus()
        .withReplicas(3)
        .endStatus()
        .build();
  }

  private static Pod pod(String name, Map<String, String> labels) {
    return new PodBuilder()
        .withMetadata(meta(name, labels))
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("web:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }

  private static RolloutPolicy policy(String name, String target) {
    RolloutPolicy p = new RolloutPolicy();
    p.setMetadata(meta(name, Map.of()));
    RolloutPolicySpec spec = new RolloutPolicySpec();
    spec.setTargetRef(new TargetRef(target));
    p.setSpec(spec);
    return p;
  }

  private void startAndSync() {
    cache.start(client);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ClusterCache.WORKLOADS.stream().allMatch(cache::synced)
                    && cache.synced(RolloutPolicy.class)
                    && cache.synced(Pod.class));
  }

  private static void assertSlim(HasMetadata cached) {
    assertNull(cached.getMetadata().getManagedFields(), "managedFields dropped");
    assertFalse(
        cached.getMetadata().getAnnotations().containsKey(Slim.LAST_APPLIED),
        "last-applied-configuration dropped");
  }

  @Test
  void withoutAClusterEveryReadIsEmpty() {
    assertFalse(cache.available());
    assertFalse(cache.synced(Deployment.class));
    assertTrue(cache.get(Deployment.class, "shop", "web").isEmpty());
    assertEquals(List.of(), cache.list(Deployment.class, "shop"));
    assertEquals(List.of(), cache.policiesTargeting("shop", "web"));
  }

  @Test
  void deploymentsKeepWhatTheControllerReadsAndLoseTheBookkeeping() {
    client.resource(deployment("web:1")).create();
    startAndSync();

    Deployment cached = cache.get(Deployment.class, "shop", "web").orElseThrow();
    assertSlim(cached);
    assertEquals("3", cached.getMetadata().getAnnotations().get(REVISION));
    assertEquals(3, cached.getStatus().getReplicas());
    assertEquals(
        "web:1", cached.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertEquals(
        Map.of("prometheus.io/scrape", "true"),
        cached.getSpec().getTemplate().getMetadata().getAnnotations(),
        "the pod template is kept whole: the controller hashes it and rolls back to it");
    assertEquals(List.of(cached), cache.list(Deployment.class, "shop"));
    assertEquals(List.of(), cache.list(Deployment.class, "other"));
  }

  @Test
  void changesFromTheWatchAreSlimmedToo() {
    client.resource(deployment("web:1")).create();
    startAndSync();

    client.resource(deployment("web:2")).update();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "web:2"
                    .equals(
                        cache
                            .get(Deployment.class, "shop", "web")
                            .orElseThrow()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage()));
    assertSlim(cache.get(Deployment.class, "shop", "web").orElseThrow());
  }

  @Test
  void onlyDeploymentPodsAreCachedWithoutTheirSpec() {
    client.resource(pod("web-7d9f-a", Map.of("pod-template-hash", "7d9f"))).create();
    client.resource(pod("standalone", Map.of())).create();
    startAndSync();

    Pod cached = cache.get(Pod.class, "shop", "web-7d9f-a").orElseThrow();
    assertNull(cached.getSpec(), "the spec is the ReplicaSet's template");
    assertNull(cached.getMetadata().getAnnotations());
    assertNull(cached.getMetadata().getManagedFields());
    assertEquals("Running", cached.getStatus().getPhase());
    assertEquals("7d9f", cached.getMetadata().getLabels().get("pod-template-hash"));
    assertTrue(cache.get(Pod.class, "shop", "standalone").isEmpty());
  }

  @Test
  void overlapOnlyKindsKeepTheirSpecButNotTheirStatus() {
    client
        .resource(
            new StatefulSetBuilder()
                .withMetadata(meta("db", Map.of()))
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "db")
                .endSelector()
                .endSpec()
                .withNewStatus()
                .withReplicas(1)
                .endStatus()
                .build())
        .create();
    startAndSync();

    StatefulSet cached = cache.get(StatefulSet.class, "shop", "db").orElseThrow();
    assertSlim(cached);
    assertNull(cached.getStatus());
    assertEquals(Map.of("app", "db"), cached.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void policiesAreFoundByTheirTarget() {
    client.resource(policy("web-canary", "web")).create();
    client.resource(policy("api-canary", "api")).create();
    startAndSync();

    List<RolloutPolicy> targeting = cache.policiesTargeting("shop", "web");
    assertEquals(1, targeting.size());
    assertEquals("web-canary", targeting.get(0).getMetadata().getName());
    assertSlim(targeting.get(0));
    assertNotNull(cache.get(RolloutPolicy.class, "shop", "api-canary").orElse(null));
    assertEquals(List.of(), cache.policiesTargeting("other", "web"));
  }
}
