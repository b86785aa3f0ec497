package io.rolloutguard.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.e2e.E2EWorkloads;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed's kubia for real, on a real node with rollout-guard installed from the manifests: v1 to
 * v2 through the canary steps, then v3, whose own readiness endpoint fails once it has served five
 * requests; the kubelet's probe sees it and rollout-guard rolls back. The same Deployment without a
 * RolloutPolicy stays stuck on v3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubiaCanaryNodeE2E {

  static final String NS = "kubia-node";
  static final String PLAIN_NS = "kubia-plain";
  static final String TOLERANCE = "2s";
  static RealNode node;
  static KubernetesClient k;
  static Duration guardedFailureToRollback;

  @BeforeAll
  static void kubiaV1() {
    node = RealNode.get().installed();
    k = node.client();
    node.namespace(NS);
    // The Deployment first, then its policy: created back to back the other way round, the
    // replica answering the mutating call may not have the new policy in its cache yet (no RG004
    // mutation) while the one answering the validating call has it, and denies (RG004). Seen on
    // this node; see the README.
    k.resource(kubia(NS, "v1")).create();
    RealNode.await("v1 available").until(() -> available(NS) == 3);
    k.resource(policy()).create();
    RealNode.await("v1 available and stable")
        .until(
            () -> available(NS) == 3 && status() != null && status().getStableRevision() != null);
  }

  static RolloutPolicy policy() {
    RolloutPolicy p =
        E2EWorkloads.kubiaPolicy(
            NS,
            new CanaryStep(new IntOrString(1), new Pause("5s")),
            new CanaryStep(new IntOrString("50%"), new Pause()));
    p.getSpec().getAnalysis().setNotReadyTolerance(TOLERANCE);
    return p;
  }

  /** kubia as in the seed, with a readiness probe on the endpoint that does not count requests. */
  static Deployment kubia(String namespace, String version) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("kubia")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withMinReadySeconds(10)
        .withNewSelector()
        .addToMatchLabels("app", "kubia")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "kubia")
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(2L)
        .addNewContainer()
        .withName("nodejs")
        .withImage("localhost/kubia:" + version)
        .withImagePullPolicy("IfNotPresent")
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(8080))
        .endHttpGet()
        .withPeriodSeconds(1)
        .withFailureThreshold(1)
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  @Order(1)
  void v1ToV2ThroughTheCanaryStepsServesV2() throws Exception {
    setImage(NS, "v2");

    RealNode.await("paused at step 1 with one v2 pod")
        .until(() -> status().getPhase() == Phase.Paused && status().getCurrentStep() == 0);
    assertEquals(1, pods(NS, "v2").size(), "step 1 is one canary pod");
    assertEquals(3, readyPods(NS, "v1").size(), "every v1 pod keeps serving at step 1");
    RealNode.await("paused at step 2, waiting for a manual promote")
        .until(
            () ->
                status().getPhase() == Phase.Paused
                    && status().getCurrentStep() == 1
                    && status().getPauseStartedAt() != null);
    promote();

    RealNode.await("v2 succeeded").until(() -> status().getPhase() == Phase.Succeeded);
    RealNode.await("three v2 pods Ready").until(() -> readyPods(NS, "v2").size() == 3);
    for (Pod p : readyPods(NS, "v2")) {
      HttpResponse<String> r = node.podGet(p, "/");
      assertEquals(200, r.statusCode());
      assertEquals("This is v2 running in pod " + p.getMetadata().getName() + "\n", r.body());
    }
  }

  @Test
  @Order(2)
  void v3FailsItsRealReadinessProbeAndIsRolledBackToV2() throws Exception {
    setImage(NS, "v3");
    Pod canary =
        RealNode.await("the v3 canary Ready")
            .until(() -> readyPods(NS, "v3"), l -> !l.isEmpty())
            .get(0);

    Instant requestsSent = sixRequests(canary);
    RealNode.await("rolled back to v2")
        .until(() -> "localhost/kubia:v2".equals(RealNode.image(deployment(NS))));
    Instant rolledBackSeen = Instant.now();

    RealNode.await("status says RolledBack").until(() -> status().getPhase() == Phase.RolledBack);
    assertEquals("ReadinessLost", status().getLastRollback().getReason());
    assertTrue(
        status().getLastRollback().getMessage().contains(canary.getMetadata().getName()),
        status().getLastRollback().getMessage());
    Event probe = firstEvent(NS, canary.getMetadata().getName(), "Unhealthy");
    assertTrue(probe.getMessage().startsWith("Readiness probe failed"), probe.getMessage());
    Event rollback = firstEvent(NS, "kubia", "RolledBack");
    RealNode.await("v2 fully available again").until(() -> available(NS) == 3);

    guardedFailureToRollback = Duration.between(when(probe), when(rollback));
    System.out.printf(
        "kubia v3 on a real node: first failed readiness probe (kubelet event) %s, rollback"
            + " (rollout-guard event) %s: %d s apart (events have whole seconds;"
            + " notReadyTolerance %s); the test saw the Deployment back on v2 %d ms after its"
            + " sixth request%n",
        when(probe),
        when(rollback),
        guardedFailureToRollback.toSeconds(),
        TOLERANCE,
        Duration.between(requestsSent, rolledBackSeen).toMillis());
    System.out.println(node.kubectl("get", "rp,deploy,rs", "-n", NS));
  }

  @Test
  @Order(3)
  void withoutARolloutPolicyKubernetesLeavesV3Stuck() throws Exception {
    node.namespace(PLAIN_NS);
    k.resource(kubia(PLAIN_NS, "v1")).create();
    RealNode.await("plain v1 available").until(() -> available(PLAIN_NS) == 3);
    setImage(PLAIN_NS, "v3");
    Pod v3 =
        RealNode.await("a v3 pod Ready")
            .until(() -> readyPods(PLAIN_NS, "v3"), l -> !l.isEmpty())
            .get(0);

    sixRequests(v3);
    RealNode.await("the v3 pod not Ready").until(() -> readyPods(PLAIN_NS, "v3").isEmpty());
    Event probe = firstEvent(PLAIN_NS, v3.getMetadata().getName(), "Unhealthy");

    // Longer than rollout-guard took to roll back (plus the probe and tolerance) in the guarded
    // namespace, and the Deployment is still on v3, with no verdict before its deadline.
    Duration longer =
        Objects.requireNonNullElse(guardedFailureToRollback, Duration.ZERO).plusSeconds(10);
    Awaitility.await("v3 stays the template and the rollout is not failed")
        .during(longer)
        .atMost(longer.plusSeconds(30))
        .until(
            () ->
                "localhost/kubia:v3".equals(RealNode.image(deployment(PLAIN_NS)))
                    && !"ProgressDeadlineExceeded".equals(progressing(PLAIN_NS).getReason()));
    DeploymentCondition progressing = progressing(PLAIN_NS);
    assertEquals("True", progressing.getStatus());
    assertEquals(600, deployment(PLAIN_NS).getSpec().getProgressDeadlineSeconds());
    assertTrue(readyPods(PLAIN_NS, "v3").isEmpty(), "v3 came back Ready");
    assertNotEquals(0, pods(PLAIN_NS, "v3").size());
    System.out.printf(
        "without a RolloutPolicy: v3's first failed probe %s, %d s later the Deployment is still"
            + " on v3 (Progressing=%s, %s); Kubernetes marks it failed only after"
            + " progressDeadlineSeconds (600 s) and never rolls back%n",
        when(probe),
        Duration.between(when(probe), Instant.now()).toSeconds(),
        progressing.getStatus(),
        progressing.getReason());
    System.out.println(node.kubectl("get", "deploy,rs", "-n", PLAIN_NS));
  }

  /** Six GETs: kubia v3 answers the first five, then fails, and so does its /healthz. */
  private static Instant sixRequests(Pod pod) throws Exception {
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      codes.add(node.podGet(pod, "/").statusCode());
    }
    assertEquals(List.of(200, 200, 200, 200, 200, 500), codes);
    assertEquals(500, node.podGet(pod, "/healthz").statusCode());
    return Instant.now();
  }

  private static Event firstEvent(String namespace, String object, String reason) {
    return RealNode.await(reason + " event on " + object)
        .until(
            () ->
                k.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> object.equals(e.getInvolvedObject().getName()))
                    .filter(e -> reason.equals(e.getReason()))
                    .min(Comparator.comparing(KubiaCanaryNodeE2E::when)),
            e -> e.isPresent())
        .orElseThrow();
  }

  private static Instant when(Event e) {
    if (e.getFirstTimestamp() != null) {
      return Instant.parse(e.getFirstTimestamp());
    }
    return Instant.parse(e.getEventTime().getTime());
  }

  private static DeploymentCondition progressing(String namespace) {
    return deployment(namespace).getStatus().getConditions().stream()
        .filter(c -> "Progressing".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static void setImage(String namespace, String version) {
    k.apps()
        .deployments()
        .inNamespace(namespace)
        .withName("kubia")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("localhost/kubia:" + version);
              return d;
            });
  }

  private static void promote() {
    k.resources(RolloutPolicy.class)
        .inNamespace(NS)
        .withName("kubia")
        .edit(
            p -> {
              p.getMetadata().setAnnotations(Map.of(RolloutPolicy.PROMOTE_ANNOTATION, "true"));
              return p;
            });
  }

  private static Deployment deployment(String namespace) {
    return k.apps().deployments().inNamespace(namespace).withName("kubia").get();
  }

  private static int available(String namespace) {
    return RealNode.available(deployment(namespace));
  }

  private static RolloutPolicyStatus status() {
    RolloutPolicy p = k.resources(RolloutPolicy.class).inNamespace(NS).withName("kubia").get();
    return p == null ? null : p.getStatus();
  }

  private static List<Pod> pods(String namespace, String version) {
    return k.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                Objects.equals(
                    "localhost/kubia:" + version, p.getSpec().getContainers().get(0).getImage()))
        .toList();
  }

  private static List<Pod> readyPods(String namespace, String version) {
    return pods(namespace, version).stream().filter(RealNode::ready).toList();
  }
}
