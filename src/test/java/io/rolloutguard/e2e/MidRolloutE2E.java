package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.KnownBadRevisionRule;
import io.rolloutguard.policy.TemplateHash;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What users do in the middle of a rollout (issue 8), on the real Deployment and ReplicaSet
 * controllers, each in its own namespace: a fix pushed during a pause, a scale, pods that cannot be
 * created, a target deleted and created again, a retried revision rolled back to, and a namespace
 * the webhooks skip.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EApp.class, restrictToAnnotatedClass = true)
class MidRolloutE2E {

  static KubernetesClient k;

  @BeforeAll
  static void webhooks() {
    k = RealCluster.get().client();
    Webhooks.register(k, E2EApp.port, E2EApp.caPem());
  }

  @AfterAll
  static void cleanUp() {
    Webhooks.unregister(k);
  }

  /** kubia v1 (3 replicas) Ready and stable under a policy, with a kubelet played in the test. */
  static final class Scenario implements AutoCloseable {
    final String ns;
    final Kubia kubia;
    final FakeKubelet kubelet;
    final Observations seen;

    Scenario(String ns, int replicas, Map<String, String> namespaceLabels, CanaryStep... steps) {
      this(ns, replicas, namespaceLabels, policy(ns, steps));
    }

    Scenario(String ns, int replicas, Map<String, String> labels, RolloutPolicy policy) {
      this.ns = ns;
      RealCluster.get().ensureNamespace(ns);
      // Labelled after the server-side apply above, which would otherwise drop them again.
      k.namespaces()
          .withName(ns)
          .edit(
              n -> {
                n.getMetadata().getLabels().putAll(labels);
                return n;
              });
      if (labels.isEmpty()) {
        Webhooks.awaitActive(k, ns);
      }
      kubelet = new FakeKubelet(k, ns);
      seen = new Observations(k, ns);
      kubia = new Kubia(k, ns);
      k.resource(policy).create();
      if (!labels.isEmpty()) {
        Kubia.await(ns + ": the webhooks skip the namespace")
            .until(() -> !mutatedByRg004(E2EWorkloads.kubia(ns, Kubia.NAME, "x:1", null, 1)));
      }
      k.resource(E2EWorkloads.kubia(ns, Kubia.NAME, "luksa/kubia:v1", null, replicas)).create();
      Kubia.await(ns + ": v1 available and stable")
          .until(
              () ->
                  kubia.available() == replicas
                      && kubia.status() != null
                      && kubia.status().getStableRevision() != null);
    }

    /** A dry-run create: did RG004 set maxUnavailable 0 on the way in? */
    static boolean mutatedByRg004(Deployment d) {
      Deployment stored = k.resource(d).dryRun().create();
      var rolling = stored.getSpec().getStrategy().getRollingUpdate();
      return rolling != null && Integer.valueOf(0).equals(rolling.getMaxUnavailable().getIntVal());
    }

    static RolloutPolicy policy(String ns, CanaryStep... steps) {
      RolloutPolicy p = E2EWorkloads.kubiaPolicy(ns, steps);
      p.getSpec().getAnalysis().setNotReadyTolerance("2s");
      p.getSpec().getAnalysis().setReadinessTimeout("5s");
      return p;
    }

    RolloutPolicyStatus status() {
      return kubia.status();
    }

    Phase phase() {
      return status().getPhase();
    }

    /** The ReplicaSet running {@code version}, as stored now. */
    ReplicaSet rs(String version) {
      return k.apps().replicaSets().inNamespace(ns).list().getItems().stream()
          .filter(
              r -> ("luksa/kubia:" + version).equals(Observations.image(r.getSpec().getTemplate())))
          .findFirst()
          .orElse(null);
    }

    int replicas(String version) {
      ReplicaSet rs = rs(version);
      return rs == null ? -1 : Objects.requireNonNullElse(rs.getSpec().getReplicas(), 0);
    }

    String hash(String version) {
      return rs(version).getMetadata().getLabels().get(TemplateHash.POD_TEMPLATE_HASH);
    }

    void awaitPausedAtStep1(String version) {
      Kubia.await(ns + ": " + version + " paused at step 1")
          .until(
              () ->
                  phase() == Phase.Paused
                      && Objects.equals(status().getCurrentStep(), 0)
                      && rs(version) != null
                      && hash(version).equals(status().getCanaryRevision())
                      && Boolean.TRUE.equals(kubia.deployment().getSpec().getPaused()));
    }

    /** Plays the canary's readiness probe failing, as kubia v3 does after a few requests. */
    void failCanary(String version) {
      Kubia.await(ns + ": " + version + " canary Ready")
          .until(() -> kubia.readyPod("luksa/kubia:" + version) != null);
      Pod canary = kubia.readyPod("luksa/kubia:" + version);
      Kubia.await("a second passes, so the failure lands after the Ready transition")
          .until(
              () ->
                  java.time.Instant.now()
                      .isAfter(
                          java.time.Instant.parse(
                                  canary.getStatus().getConditions().get(0).getLastTransitionTime())
                              .plusSeconds(1)));
      kubelet.setReady(canary.getMetadata().getName(), false);
    }

    @Override
    public void close() {
      kubelet.close();
      seen.close();
    }
  }

  static CanaryStep manualStep(int pods) {
    return new CanaryStep(new IntOrString(pods), new Pause());
  }

  @Test
  void aNewTemplateDuringACanarySupersedesItAndIsCanariedFromStep1() {
    try (Scenario s = new Scenario("mid-supersede", 3, Map.of(), manualStep(1), manualStep(2))) {
      s.kubia.setImage("v2");
      s.awaitPausedAtStep1("v2");

      s.kubia.setImage("v3"); // a fix pushed while paused

      s.awaitPausedAtStep1("v3");
      assertEquals(1, s.replicas("v3"), "the new template starts at step 1");
      Kubia.await("the abandoned canary scaled away").until(() -> s.replicas("v2") == 0);
      assertTrue(
          s.seen.replicaSets("luksa/kubia:v3").stream()
              .allMatch(rs -> rs.getSpec().getReplicas() <= 1));
      assertTrue(s.status().getMessage().contains("paused at step 1"), s.status().getMessage());
      s.seen.assertAvailabilityNeverBelow(3);
    }
  }

  @Test
  void replicasChangingMidCanaryRetargetTheStepAndNeverGrowTheCanary() {
    try (Scenario s = new Scenario("mid-scale", 3, Map.of(), manualStep(1), manualStep(2))) {
      s.kubia.setImage("v2");
      s.awaitPausedAtStep1("v2");

      RealCluster.kubectl("scale", "deploy/kubia", "-n", s.ns, "--replicas=6");

      Kubia.await("the stable revision grows to 6, the canary stays at its step")
          .until(() -> s.replicas("v1") == 6 && s.replicas("v2") == 1);
      assertEquals(Phase.Paused, s.phase());
      Kubia.await("6 available").until(() -> s.kubia.available() >= 6);
      assertTrue(Boolean.TRUE.equals(s.kubia.deployment().getSpec().getPaused()));
      s.seen.assertAvailabilityNeverBelow(3);
    }
  }

  @Test
  void canaryPodsThatAreNeverCreatedFailAfterTheReadinessTimeoutAndRollBack() {
    String denyV2 =
        "apiVersion: admissionregistration.k8s.io/v1\n"
            + "kind: ValidatingAdmissionPolicy\n"
            + "metadata: {name: mid-create-deny-v2}\n"
            + "spec:\n"
            + "  failurePolicy: Fail\n"
            + "  matchConstraints:\n"
            + "    resourceRules:\n"
            + "    - {apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}\n"
            + "  validations:\n"
            + "  - expression: \"object.spec.containers.all(c, c.image != 'luksa/kubia:v2')\"\n"
            + "    message: kubia v2 is not allowed here\n"
            + "---\n"
            + "apiVersion: admissionregistration.k8s.io/v1\n"
            + "kind: ValidatingAdmissionPolicyBinding\n"
            + "metadata: {name: mid-create-deny-v2}\n"
            + "spec:\n"
            + "  policyName: mid-create-deny-v2\n"
            + "  validationActions: [Deny]\n"
            + "  matchResources:\n"
            + "    namespaceSelector:\n"
            + "      matchLabels: {kubernetes.io/metadata.name: mid-create}\n";
    k.load(
            new java.io.ByteArrayInputStream(
                denyV2.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .serverSideApply();
    try (Scenario s = new Scenario("mid-create", 3, Map.of(), manualStep(1))) {
      s.kubia.setImage("v2");

      Kubia.await("rolled back to v1").until(() -> "luksa/kubia:v1".equals(s.kubia.image()));
      Kubia.await("RolledBack").until(() -> s.phase() == Phase.RolledBack);
      var last = s.status().getLastRollback();
      assertEquals("FailedCreate", last.getReason());
      assertTrue(last.getMessage().contains("kubia v2 is not allowed here"), last.getMessage());
      assertFalse(Boolean.TRUE.equals(s.kubia.deployment().getSpec().getPaused()));
    } finally {
      k.load(
              new java.io.ByteArrayInputStream(
                  denyV2.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .delete();
    }
  }

  @Test
  void aRecreatedTargetIsGuardedFromItsFirstUpdate() {
    try (Scenario s = new Scenario("mid-recreate", 3, Map.of(), manualStep(1))) {
      s.kubia.setImage("v2");
      s.awaitPausedAtStep1("v2");
      String oldUid = s.kubia.deployment().getMetadata().getUid();

      k.apps()
          .deployments()
          .inNamespace(s.ns)
          .withName(Kubia.NAME)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND)
          .delete();
      Kubia.await("deleted").until(() -> s.kubia.deployment() == null);
      k.resource(E2EWorkloads.kubia(s.ns, Kubia.NAME, "luksa/kubia:v1", null, 3)).create();
      Kubia.await("the new Deployment adopted")
          .until(
              () ->
                  s.kubia.available() == 3
                      && s.kubia
                          .deployment()
                          .getMetadata()
                          .getUid()
                          .equals(s.status().getTargetUid())
                      && s.status().getStableRevision() != null);
      assertNotEquals(oldUid, s.status().getTargetUid());

      s.kubia.setImage("v2");

      s.awaitPausedAtStep1("v2");
      assertEquals(1, s.replicas("v2"));
    }
  }

  @Test
  void aSecondPolicyForTheSameDeploymentIsRefused() {
    try (Scenario s = new Scenario("mid-second", 1, Map.of(), manualStep(1))) {
      RolloutPolicy second = Scenario.policy(s.ns, manualStep(1));
      second.getMetadata().setName("kubia-again");

      KubernetesClientException e =
          assertThrows(KubernetesClientException.class, () -> k.resource(second).create());

      assertEquals(403, e.getCode());
      assertTrue(e.getMessage().contains("[RG006]"), e.getMessage());
    }
  }

  @Test
  void aSecondPolicyThatBypassedAdmissionReportsAConflictUntilTheFirstIsGone() {
    // The webhooks skip namespaces labelled rolloutguard.io/ignore: RG006 cannot refuse it here.
    try (Scenario s =
        new Scenario("mid-conflict", 1, Map.of("rolloutguard.io/ignore", "true"), manualStep(1))) {
      RolloutPolicy second = Scenario.policy(s.ns, manualStep(1));
      second.getMetadata().setName("kubia-again");
      k.resource(second).create();

      Kubia.await("the newer policy reports the older one")
          .until(() -> phaseOf(s.ns, "kubia-again") == Phase.Conflict);
      assertTrue(
          statusOf(s.ns, "kubia-again").getMessage().contains("older RolloutPolicy kubia"),
          statusOf(s.ns, "kubia-again").getMessage());
      assertNotEquals(Phase.Conflict, s.phase(), "the older policy keeps acting");

      k.resource(s.kubia.policy()).delete();
      Kubia.await("the newer policy takes over once the older is gone")
          .until(
              () ->
                  phaseOf(s.ns, "kubia-again") != Phase.Conflict
                      && statusOf(s.ns, "kubia-again").getStableRevision() != null);
    }
  }

  private static RolloutPolicyStatus statusOf(String ns, String name) {
    RolloutPolicy p = k.resources(RolloutPolicy.class).inNamespace(ns).withName(name).get();
    return p == null || p.getStatus() == null ? new RolloutPolicyStatus() : p.getStatus();
  }

  private static Phase phaseOf(String ns, String name) {
    return statusOf(ns, name).getPhase();
  }

  @Test
  void aRetriedRevisionThatBecameStableCanBeRolledBackTo() {
    try (Scenario s =
        new Scenario(
            "mid-rg005", 2, Map.of(), new CanaryStep(new IntOrString(1), new Pause("1s")))) {
      s.kubia.setImage("v2");
      s.awaitPausedAtStep1("v2");
      s.failCanary("v2");
      Kubia.await("v2 rolled back").until(() -> s.phase() == Phase.RolledBack);
      String v2 = TemplateHash.of(s.rs("v2").getSpec().getTemplate());
      assertTrue(
          s.status().getFailedRevisions().stream().anyMatch(f -> v2.equals(f.getTemplateHash())));

      k.apps()
          .deployments()
          .inNamespace(s.ns)
          .withName(Kubia.NAME)
          .edit(
              d -> {
                d.getMetadata()
                    .setAnnotations(Map.of(KnownBadRevisionRule.RETRY_ANNOTATION, "true"));
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .setImage("luksa/kubia:v2");
                return d;
              });
      Kubia.await("the retried v2 became stable")
          .until(() -> s.phase() == Phase.Succeeded && s.kubia.available() == 2);
      assertTrue(
          s.status().getFailedRevisions().stream().noneMatch(f -> v2.equals(f.getTemplateHash())),
          "a retried revision that became stable is no longer known bad");

      s.kubia.setImage("v3");
      s.awaitPausedAtStep1("v3");
      s.failCanary("v3");

      Kubia.await("rolled back to v2, not denied by RG005")
          .until(() -> "luksa/kubia:v2".equals(s.kubia.image()) && s.phase() == Phase.RolledBack);
      assertEquals(s.hash("v2"), s.status().getLastRollback().getTo());
      assertFalse(Boolean.TRUE.equals(s.kubia.deployment().getSpec().getPaused()));
      s.seen.assertAvailabilityNeverBelow(2);
    }
  }

  @Test
  void bypassedAdmissionLeavesAnUnsafeStrategyThatTheControllerReportsAsDegraded() {
    // The webhooks skip namespaces labelled rolloutguard.io/ignore: RG004 never mutates here.
    try (Scenario s =
        new Scenario("mid-bypass", 3, Map.of("rolloutguard.io/ignore", "true"), manualStep(1))) {
      s.kubia.setImage("v2");

      Kubia.await("Degraded").until(() -> s.phase() == Phase.Degraded);
      assertTrue(s.status().getMessage().contains("maxUnavailable"), s.status().getMessage());
      Kubia.await("v2 rolled out without a pause it could not hold")
          .until(() -> "luksa/kubia:v2".equals(s.kubia.image()) && s.replicas("v1") == 0);
      assertTrue(
          s.seen.deployments().stream()
              .noneMatch(d -> Boolean.TRUE.equals(d.getSpec().getPaused())),
          "the controller never pretended to hold a canary");
      assertTrue(
          k.v1().events().inNamespace(s.ns).list().getItems().stream()
              .anyMatch(
                  e -> "UnsafeStrategy".equals(e.getReason()) && "Warning".equals(e.getType())));
    }
  }
}
