package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownBadRevisionRuleTest {

  private final KnownBadRevisionRule rule = new KnownBadRevisionRule();
  private final Deployment v3 = TestWorkloads.kubia("luksa/kubia:v3", "IfNotPresent");
  private final ClusterFacts.FailedTemplate failedV3 =
      new ClusterFacts.FailedTemplate(
          TemplateHash.of(v3.getSpec().getTemplate()),
          "7b6bdb8946",
          "readiness probe failed for 2s on kubia-7b6bdb8946-x2k",
          "2026-11-27T07:35:41Z");

  private RuleContext context(Deployment old) {
    return new RuleContext(
        PolicyConfig.defaults(), new GuardedCluster(new IntOrString(1), List.of(failedV3)), old);
  }

  @Test
  void deniesATemplateThatWasRolledBackAndSaysWhenAndWhy() {
    List<Violation> violations = rule.validate(v3, context(null));

    assertEquals(1, violations.size());
    assertEquals("spec.template", violations.get(0).field());
    assertTrue(violations.get(0).message().contains("2026-11-27T07:35:41Z"));
    assertTrue(violations.get(0).message().contains("kubia-7b6bdb8946-x2k"));
  }

  @Test
  void theRollbackToTheStableTemplateIsNeverDeniedEvenIfItFailedOnce() {
    // v3 failed once, was retried, became stable; now a newer revision is rolled back to it.
    ClusterFacts stableV3 =
        new GuardedCluster(
            new IntOrString(1), List.of(failedV3), failedV3.templateHash(), List.of("kubia"));
    Deployment v4 = TestWorkloads.kubia("luksa/kubia:v4", "IfNotPresent");

    assertTrue(rule.validate(v3, new RuleContext(PolicyConfig.defaults(), stableV3, v4)).isEmpty());
  }

  @Test
  void ignoresThePodTemplateHashLabelTheDeploymentControllerAdds() {
    Deployment withHash = TestWorkloads.kubia("luksa/kubia:v3", "IfNotPresent");
    withHash
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getLabels()
        .put("pod-template-hash", "7b6bdb8946");

    assertEquals(1, rule.validate(withHash, context(null)).size());
  }

  @Test
  void writesThatKeepTheTemplateAreNotReapplies() {
    Deployment retried = TestWorkloads.kubia("luksa/kubia:v3", "IfNotPresent");
    retried.getMetadata().setAnnotations(Map.of(KnownBadRevisionRule.RETRY_ANNOTATION, "true"));
    Deployment paused = TestWorkloads.kubia("luksa/kubia:v3", "IfNotPresent");
    paused.getMetadata().setAnnotations(Map.of(KnownBadRevisionRule.RETRY_ANNOTATION, "true"));
    paused.getSpec().setPaused(true);

    assertTrue(rule.validate(paused, context(retried)).isEmpty(), "the controller's pause passes");
  }

  @Test
  void otherTemplatesPass() {
    assertTrue(
        rule.validate(TestWorkloads.kubia("luksa/kubia:v4", "IfNotPresent"), context(null))
            .isEmpty());
  }

  @Test
  void aNewlyAddedRetryAnnotationLetsItThroughOnce() {
    Deployment retried = TestWorkloads.kubia("luksa/kubia:v3", "IfNotPresent");
    retried.getMetadata().setAnnotations(Map.of(KnownBadRevisionRule.RETRY_ANNOTATION, "true"));
    Deployment oldWithoutRetry = TestWorkloads.kubia("luksa/kubia:v2", "IfNotPresent");
    Deployment oldWithRetry = TestWorkloads.kubia("luksa/kubia:v2", "IfNotPresent");
    oldWithRetry
        .getMetadata()
        .setAnnotations(Map.of(KnownBadRevisionRule.RETRY_ANNOTATION, "true"));

    assertTrue(rule.validate(retried, context(oldWithoutRetry)).isEmpty());
    assertEquals(
        1,
        rule.validate(retried, context(oldWithRetry)).size(),
        "a kept annotation does not count again");
  }
}
