package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyEngineTest {

  private static List<Finding> validate(PolicyConfig config, Deployment object, Deployment old) {
    return PolicyEngine.standard(config).validate(object, old, "default", ClusterFacts.NONE);
  }

  @ParameterizedTest(name = "RG001 {0}")
  @CsvSource({"ENFORCE, DENY", "WARN, WARN", "AUDIT, AUDIT"})
  void modeDecidesTheOutcome(Mode mode, Outcome outcome) {
    PolicyConfig config = PolicyConfig.builder().mode(RuleId.RG001, mode).build();

    List<Finding> findings =
        validate(config, TestWorkloads.kubia("luksa/kubia:latest", "IfNotPresent"), null);

    assertEquals(1, findings.size(), findings.toString());
    assertEquals(RuleId.RG001, findings.get(0).violation().rule());
    assertEquals(outcome, findings.get(0).outcome());
  }

  @Test
  void offSilencesTheRule() {
    PolicyConfig config = PolicyConfig.builder().mode(RuleId.RG001, Mode.OFF).build();

    assertTrue(
        validate(config, TestWorkloads.kubia("kubia:latest", "IfNotPresent"), null).isEmpty());
  }

  @Test
  void mutatesOnlyInEnforceMode() {
    Deployment enforced = TestWorkloads.kubia("kubia:latest", "IfNotPresent");
    Deployment warned = TestWorkloads.kubia("kubia:latest", "IfNotPresent");

    List<Change> changes =
        PolicyEngine.standard(PolicyConfig.defaults())
            .mutate(enforced, "default", ClusterFacts.NONE);
    List<Change> none =
        PolicyEngine.standard(PolicyConfig.builder().mode(RuleId.RG001, Mode.WARN).build())
            .mutate(warned, "default", ClusterFacts.NONE);

    assertEquals(1, changes.size());
    assertEquals("Always", container(enforced).getImagePullPolicy());
    assertTrue(none.isEmpty());
    assertEquals("IfNotPresent", container(warned).getImagePullPolicy());
  }

  @Test
  void violationsTheOldObjectHadOnlyWarn() {
    Deployment old = TestWorkloads.kubia();
    old.getSpec().setMinReadySeconds(700);
    Deployment scaled = TestWorkloads.kubia();
    scaled.getSpec().setMinReadySeconds(700);
    scaled.getSpec().setReplicas(10);

    List<Finding> findings = validate(PolicyConfig.defaults(), scaled, old);

    assertFalse(findings.isEmpty());
    assertTrue(findings.stream().allMatch(f -> f.outcome() == Outcome.WARN && f.grandfathered()));
  }

  @Test
  void newViolationsOnUpdateStillDeny() {
    Deployment old = TestWorkloads.kubia("luksa/kubia:v1", "IfNotPresent");
    Deployment updated = TestWorkloads.kubia("luksa/kubia:latest", "IfNotPresent");

    List<Finding> findings = validate(PolicyConfig.defaults(), updated, old);

    assertEquals(Outcome.DENY, findings.get(0).outcome());
    assertFalse(findings.get(0).grandfathered());
  }

  /** Who sent the request decides; an ownerReference the object claims changes nothing. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "system:serviceaccount:kube-system:replicaset-controller, WARN",
    "system:serviceaccount:kube-system:deployment-controller, WARN",
    "system:serviceaccount:kube-system:job-controller, WARN",
    "system:serviceaccount:kube-system:cronjob-controller, WARN",
    "system:serviceaccount:kube-system:statefulset-controller, WARN",
    "system:serviceaccount:kube-system:daemon-set-controller, WARN",
    "system:serviceaccount:kube-system:replication-controller, WARN",
    "system:kube-controller-manager, WARN",
    "system:serviceaccount:argo-rollouts:argo-rollouts, WARN",
    "system:serviceaccount:team-a:default, DENY",
    "system:serviceaccount:argo-rollouts:other, DENY",
    "jane, DENY",
    "'', DENY",
  })
  void onlyTrustedRequestersChildrenOnlyWarn(String username, Outcome outcome) {
    Deployment claimsAnOwner = TestWorkloads.kubia("kubia:latest", "IfNotPresent");
    claimsAnOwner
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName("mine")
                    .withUid("6f1c2a4e-0000-4000-8000-000000000001")
                    .withController(true)
                    .build()));
    PolicyConfig config =
        PolicyConfig.builder()
            .trust(new Trust(Set.of("system:serviceaccount:argo-rollouts:argo-rollouts"), Set.of()))
            .build();
    PolicyEngine engine = PolicyEngine.standard(config);

    List<Finding> findings =
        engine.validate(
            claimsAnOwner, null, "default", config.trust().originOf(username), ClusterFacts.NONE);

    assertEquals(RuleId.RG001, findings.get(0).violation().rule());
    assertEquals(outcome, findings.get(0).outcome());
  }

  @Test
  void exemptNamespacesAndImagesSkipTheRules() {
    PolicyConfig config =
        PolicyConfig.builder()
            .ruleExemptNamespaces(Map.of(RuleId.RG001, Set.of("legacy")))
            .exemptImages(List.of(PolicyConfig.glob("registry.local/base/*")))
            .build();
    PolicyEngine engine = PolicyEngine.standard(config);

    assertTrue(
        engine
            .validate(
                TestWorkloads.kubia("kubia:latest", "IfNotPresent"),
                null,
                "legacy",
                ClusterFacts.NONE)
            .isEmpty());
    assertTrue(
        engine
            .validate(
                TestWorkloads.kubia("registry.local/base/node:latest", "IfNotPresent"),
                null,
                "default",
                ClusterFacts.NONE)
            .isEmpty());
    assertTrue(
        engine
            .validate(
                TestWorkloads.kubia("kubia:latest", "IfNotPresent"),
                null,
                "kube-system",
                ClusterFacts.NONE)
            .isEmpty());
  }

  @Test
  void requiredSelectorKeysMustBeConstrained() {
    PolicyConfig config = PolicyConfig.builder().requiredSelectorKeys(Set.of("team")).build();

    List<Finding> findings = validate(config, TestWorkloads.kubia(), null);

    assertEquals(1, findings.size());
    assertTrue(findings.get(0).violation().message().contains("\"team\""));
  }

  @ParameterizedTest(name = "synced={0}")
  @CsvSource({"true, DENY", "false, WARN"})
  void overlapDeniesOnlyOnceTheCacheHasSynced(boolean synced, Outcome outcome) {
    ClusterFacts cluster =
        new FakeCluster(
            synced,
            List.of(
                new ClusterFacts.WorkloadSummary(
                    "ReplicaSet",
                    "legacy",
                    new LabelSelector(List.of(), Map.of("app", "kubia")),
                    Map.of("app", "kubia"))));

    List<Finding> findings =
        PolicyEngine.standard(PolicyConfig.defaults())
            .validate(TestWorkloads.kubia(), null, "default", cluster);

    assertEquals(1, findings.size(), findings.toString());
    assertTrue(findings.get(0).violation().message().contains("ReplicaSet \"legacy\""));
    assertEquals(outcome, findings.get(0).outcome());
  }

  @Test
  void overlapIgnoresTheObjectItselfAndDisjointWorkloads() {
    ClusterFacts cluster =
        new FakeCluster(
            true,
            List.of(
                new ClusterFacts.WorkloadSummary(
                    "Deployment",
                    "kubia",
                    new LabelSelector(List.of(), Map.of("app", "kubia")),
                    Map.of("app", "kubia")),
                new ClusterFacts.WorkloadSummary(
                    "Deployment",
                    "other",
                    new LabelSelector(List.of(), Map.of("app", "other")),
                    Map.of("app", "other"))));

    assertTrue(
        PolicyEngine.standard(PolicyConfig.defaults())
            .validate(TestWorkloads.kubia(), null, "default", cluster)
            .isEmpty());
  }

  private static io.fabric8.kubernetes.api.model.Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private record FakeCluster(boolean synced, List<WorkloadSummary> all) implements ClusterFacts {
    @Override
    public boolean available() {
      return true;
    }

    @Override
    public List<WorkloadSummary> workloads(String namespace) {
      return all;
    }
  }
}
