package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanaryStrategyRuleTest {

  private final CanaryStrategyRule rule = new CanaryStrategyRule();

  private static RuleContext guarded(IntOrString firstStep) {
    return new RuleContext(PolicyConfig.defaults(), new GuardedCluster(firstStep, List.of()));
  }

  private static Deployment rolling(String maxSurge, String maxUnavailable, int minReady) {
    Deployment d = TestWorkloads.kubia();
    d.getSpec().setMinReadySeconds(minReady);
    d.getSpec()
        .setStrategy(
            new DeploymentStrategy(
                new RollingUpdateDeployment(intOrString(maxSurge), intOrString(maxUnavailable)),
                "RollingUpdate"));
    return d;
  }

  private static IntOrString intOrString(String v) {
    return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
  }

  @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}, first step {2}: surge {3}")
  @CsvSource({
    // maxSurge, maxUnavailable, first step, expected maxSurge, changes
    "25%, 25%, 1, 1, 2", // the API server defaults: 25% of 3 rounds up to 1, maxUnavailable -> 0
    "3, 0, 1, 1, 1",
    "2, 0, 50%, 2, 0",
    "0, 1, 1, 1, 2",
    "1, 0, 1, 1, 0",
  })
  void mutatesToPauseAtTheCanarySize(
      String surge, String unavailable, String step, int expectedSurge, int changes) {
    Deployment d = rolling(surge, unavailable, 10);

    List<Change> made = rule.mutate(d, guarded(intOrString(step)));

    assertEquals(changes, made.size(), made.toString());
    RollingUpdateDeployment r = d.getSpec().getStrategy().getRollingUpdate();
    assertTrue(Percentages.isZero(r.getMaxUnavailable()));
    assertEquals(expectedSurge, Percentages.resolve(r.getMaxSurge(), 3, true));
    assertTrue(rule.mutate(d, guarded(intOrString(step))).isEmpty(), "idempotent");
    assertTrue(rule.validate(d, guarded(intOrString(step))).isEmpty());
  }

  @Test
  void aPercentMaxSurgeIsWrittenAsANumberSoAScaleUpCannotGrowPastTheStep() {
    Deployment d = rolling("25%", "0", 10);

    List<Change> made = rule.mutate(d, guarded(new IntOrString(1)));

    assertEquals(1, made.size(), made.toString());
    assertEquals(1, d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal());
    assertTrue(rule.mutate(d, guarded(new IntOrString(1))).isEmpty(), "idempotent");
  }

  @Test
  void raisesMinReadySecondsToTheCanaryFloor() {
    Deployment d = rolling("1", "0", 0);

    rule.mutate(d, guarded(new IntOrString(1)));

    assertEquals(10, d.getSpec().getMinReadySeconds());
  }

  @Test
  void deniesRecreateNonZeroMaxUnavailableAndALowFloor() {
    Deployment recreate = TestWorkloads.kubia();
    recreate.getSpec().setStrategy(new DeploymentStrategy(null, "Recreate"));
    Deployment unavailable = rolling("1", "1", 10);
    Deployment quick = rolling("1", "0", 2);

    assertTrue(
        rule.mutate(recreate, guarded(new IntOrString(1))).isEmpty(), "Recreate is not rewritten");
    assertEquals("spec.strategy.type", only(recreate).field());
    assertEquals("spec.strategy.rollingUpdate.maxUnavailable", only(unavailable).field());
    assertEquals("spec.minReadySeconds", only(quick).field());
  }

  @Test
  void onCreateWhatMutationFixesIsAWarningAndRecreateStillDenied() {
    // The mutating call may have missed a policy created a moment before (a lagging cache).
    RuleContext create = guarded(new IntOrString(1));
    Deployment recreate = TestWorkloads.kubia();
    recreate.getSpec().setStrategy(new DeploymentStrategy(null, "Recreate"));

    List<Violation> unavailable = rule.validate(rolling("1", "1", 10), create);
    List<Violation> quick = rule.validate(rolling("1", "0", 2), create);

    assertEquals(Mode.WARN, unavailable.get(0).cap(), unavailable.toString());
    assertTrue(unavailable.get(0).message().contains("set on the next change"));
    assertEquals(Mode.WARN, quick.get(0).cap(), quick.toString());
    assertEquals(Mode.ENFORCE, rule.validate(recreate, create).get(0).cap());
  }

  @Test
  void unguardedDeploymentsAreLeftAlone() {
    Deployment other = rolling("25%", "25%", 0);
    other.getMetadata().setName("other");

    assertTrue(rule.mutate(other, guarded(new IntOrString(1))).isEmpty());
    assertTrue(rule.validate(other, guarded(new IntOrString(1))).isEmpty());
  }

  /** As an update, where everything RG004 checks is enforced. */
  private Violation only(Deployment d) {
    RuleContext create = guarded(new IntOrString(1));
    RuleContext update = new RuleContext(create.config(), create.cluster(), TestWorkloads.kubia());
    List<Violation> violations = rule.validate(d, update);
    assertEquals(1, violations.size(), violations.toString());
    assertEquals(Mode.ENFORCE, violations.get(0).cap());
    return violations.get(0);
  }
}
