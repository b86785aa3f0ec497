package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed's kubia scenario on the real Deployment controller: v1 to v2 through the canary steps
 * with a manual promote, then v3, which becomes Ready and fails its probe after a few requests, and
 * is rolled back to v2 by itself.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EApp.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubiaRolloutE2E {

  static final String NS = "kubia";
  static final String TOLERANCE = "2s";
  static KubernetesClient k;
  static FakeKubelet kubelet;
  static Observations seen;
  static Kubia kubia;

  @BeforeAll
  static void kubiaV1() {
    RealCluster cluster = RealCluster.get();
    k = cluster.client();
    cluster.ensureNamespace(NS);
    Webhooks.register(k, E2EApp.port, E2EApp.caPem());
    Webhooks.awaitActive(k, NS);
    kubelet = new FakeKubelet(k, NS);
    seen = new Observations(k, NS);
    kubia = new Kubia(k, NS);

    k.resource(policy()).create();
    k.resource(kubia("v1")).create();

    await("v1 available and stable")
        .until(() -> available() == 3 && policyStatus().getStableRevision() != null);
  }

  @AfterAll
  static void cleanUp() {
    kubelet.close();
    seen.close();
    Webhooks.unregister(k);
  }

  static RolloutPolicy policy() {
    RolloutPolicy p =
        E2EWorkloads.kubiaPolicy(
            NS,
            new CanaryStep(new IntOrString(1), new Pause("30s")),
            new CanaryStep(new IntOrString("50%"), new Pause()));
    p.getSpec().getAnalysis().setNotReadyTolerance(TOLERANCE);
    return p;
  }

  static Deployment kubia(String version) {
    return E2EWorkloads.kubia(NS, "kubia", "luksa/kubia:" + version, null, 3);
  }

  @Test
  @Order(1)
  void v1ToV2SucceedsThroughTheCanarySteps() {
    Deployment stored = setImage("v2");
    assertEquals(
        0,
        stored.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
        "RG004 mutated the guarded Deployment to keep every old pod");

    await("paused at step 1").until(() -> phase() == Phase.Paused && step() == 0);
    System.out.println(
        "$ kubectl get rp -n kubia   # at the first canary step\n"
            + RealCluster.kubectl("get", "rp", "-n", NS));
    await("paused at step 2, waiting for a manual promote")
        .until(
            () ->
                phase() == Phase.Paused
                    && step() == 1
                    && policyStatus().getPauseStartedAt() != null);
    assertEquals(Phase.Paused, phase(), "an empty pause holds until promoted");

    kubia.promote();

    await("v2 succeeded").until(() -> phase() == Phase.Succeeded);
    assertEquals(
        rs("luksa/kubia:v2").getMetadata().getLabels().get("pod-template-hash"),
        policyStatus().getStableRevision());
    await("the promote annotation consumed")
        .until(
            () ->
                !Objects.requireNonNullElse(
                        policyResource().getMetadata().getAnnotations(), Map.of())
                    .containsKey(RolloutPolicy.PROMOTE_ANNOTATION));

    long resumed = firstResume("luksa/kubia:v2");
    long started = Observations.revision(seen.replicaSets("luksa/kubia:v2").get(0));
    for (ReplicaSet rs : seen.replicaSets("luksa/kubia:v2")) {
      if (Observations.revision(rs) < resumed) {
        assertTrue(
            rs.getSpec().getReplicas() <= 1,
            "the new ReplicaSet exceeded step 1: " + rs.getSpec().getReplicas());
      }
    }
    for (ReplicaSet rs : seen.replicaSets("luksa/kubia:v1")) {
      long at = Observations.revision(rs);
      if (at >= started && at < resumed) {
        assertEquals(
            3, rs.getStatus().getAvailableReplicas(), "an old pod stopped serving at step 1");
      }
    }
    assertAvailabilityNeverDropped();
  }

  @Test
  @Order(2)
  void v3FailsAfterAFewRequestsAndIsRolledBackToV2() {
    setImage("v3");
    await("v3 canary Ready").until(() -> kubia.readyPod("luksa/kubia:v3") != null);
    Pod canary = kubia.readyPod("luksa/kubia:v3");
    Instant readyAt = Instant.now();
    // Pod timestamps have whole seconds: let the failure land in a later second than readiness.
    await("the canary served a few requests")
        .until(() -> Instant.now().isAfter(readyAt.plusSeconds(2)));

    Instant failedAt = Instant.now();
    kubelet.setReady(canary.getMetadata().getName(), false);
    await("rolled back to v2").until(() -> "luksa/kubia:v2".equals(image(deployment())));
    Instant rolledBackSeen =
        seen.all().stream()
            .filter(
                s ->
                    s.object() instanceof Deployment d
                        && "luksa/kubia:v2".equals(image(d))
                        && s.arrived().isAfter(failedAt))
            .map(Observations.Seen::arrived)
            .findFirst()
            .orElseThrow();

    Deployment d = deployment();
    assertFalse(
        Boolean.TRUE.equals(d.getSpec().getPaused()), "the rollback left the Deployment paused");
    // The rollback patch comes first, then the status that records it.
    await("status says RolledBack").until(() -> phase() == Phase.RolledBack);
    var last = policyStatus().getLastRollback();
    assertEquals("ReadinessLost", last.getReason());
    assertTrue(last.getMessage().contains(canary.getMetadata().getName()), last.getMessage());
    assertTrue(
        seen.replicaSets("luksa/kubia:v3").stream().allMatch(rs -> rs.getSpec().getReplicas() <= 1),
        "v3 got past its first canary pod");
    await("a Warning event on the Deployment names the pod")
        .until(
            () ->
                events("Deployment").stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && "RolledBack".equals(e.getReason())
                                && e.getMessage().contains(canary.getMetadata().getName())));
    await("v2 fully available again").until(() -> available() == 3);
    assertAvailabilityNeverDropped();

    System.out.println(
        "$ kubectl get rp -n kubia   # after the rollback\n"
            + RealCluster.kubectl("get", "rp", "-n", NS));
    System.out.println(
        "$ kubectl describe deploy kubia -n kubia   # events\n"
            + RealCluster.kubectl("describe", "deploy", "kubia", "-n", NS)
                .lines()
                .dropWhile(l -> !l.startsWith("Events:"))
                .collect(java.util.stream.Collectors.joining("\n")));
    String metrics = AppHttp.management("/q/metrics");
    System.out.printf(
        "rollback reaction: Deployment back on v2 %d ms after the canary turned not-Ready"
            + " (notReadyTolerance %s); controller metric: %s%n",
        Duration.between(failedAt, rolledBackSeen).toMillis(),
        TOLERANCE,
        metrics
            .lines()
            .filter(
                l ->
                    l.startsWith("rolloutguard_rollback_reaction_seconds_sum")
                        || l.startsWith("rolloutguard_rollback_reaction_seconds_count"))
            .toList());
    assertTrue(
        metrics.contains("rolloutguard_rollbacks_total{reason=\"ReadinessLost\"} 1.0"), metrics);
  }

  @Test
  @Order(3)
  void reapplyingV3IsDeniedUntilRetried() {
    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> setImage("v3"));

    assertEquals(403, e.getCode());
    assertTrue(e.getMessage().contains("[RG005] spec.template"), e.getMessage());
    assertTrue(
        e.getMessage().contains("was rolled back by RolloutPolicy \"kubia\""), e.getMessage());

    Deployment retried =
        k.apps()
            .deployments()
            .inNamespace(NS)
            .withName("kubia")
            .edit(
                d -> {
                  d.getMetadata().setAnnotations(Map.of("rolloutguard.io/retry", "true"));
                  d.getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .get(0)
                      .setImage("luksa/kubia:v3");
                  return d;
                });
    assertEquals("luksa/kubia:v3", image(retried));
  }

  /** The retried v3 pauses at step 1; deleting the policy then must not leave it paused. */
  @Test
  @Order(4)
  void deletingThePolicyUnpausesItsDeployment() {
    await("the retried v3 paused at step 1")
        .until(
            () ->
                phase() == Phase.Paused && Boolean.TRUE.equals(deployment().getSpec().getPaused()));

    k.resources(RolloutPolicy.class).inNamespace(NS).withName("kubia").delete();

    await("the Deployment resumed")
        .until(() -> !Boolean.TRUE.equals(deployment().getSpec().getPaused()));
    await("the policy is gone").until(() -> policyResource() == null);
  }

  /** Once v1 was up, the Deployment never had fewer than 3 available pods (maxUnavailable: 0). */
  private static void assertAvailabilityNeverDropped() {
    seen.assertAvailabilityNeverBelow(3);
  }

  /**
   * The etcd revision at which the Deployment on {@code image} was first unpaused after a pause.
   */
  private static long firstResume(String image) {
    boolean paused = false;
    for (Deployment d : seen.deployments()) {
      if (!image.equals(image(d))) {
        continue;
      }
      if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
        paused = true;
      } else if (paused) {
        return Observations.revision(d);
      }
    }
    throw new AssertionError("the Deployment was never resumed on " + image);
  }

  private static Deployment setImage(String version) {
    return kubia.setImage(version);
  }

  private static ReplicaSet rs(String image) {
    return k.apps().replicaSets().inNamespace(NS).list().getItems().stream()
        .filter(r -> image.equals(Observations.image(r.getSpec().getTemplate())))
        .findFirst()
        .orElseThrow();
  }

  private static List<Event> events(String kind) {
    return k.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private static Deployment deployment() {
    return kubia.deployment();
  }

  private static String image(Deployment d) {
    return Observations.image(d.getSpec().getTemplate());
  }

  private static int available() {
    return kubia.available();
  }

  private static RolloutPolicy policyResource() {
    return kubia.policy();
  }

  private static io.rolloutguard.api.RolloutPolicyStatus policyStatus() {
    return kubia.status();
  }

  private static Phase phase() {
    return policyStatus().getPhase();
  }

  private static int step() {
    return Objects.requireNonNullElse(policyStatus().getCurrentStep(), -1);
  }

  private static ConditionFactory await(String what) {
    return Kubia.await(what);
  }
}
