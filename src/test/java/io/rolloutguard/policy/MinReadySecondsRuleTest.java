package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinReadySecondsRuleTest {

  private static final RuleContext CONTEXT =
      new RuleContext(PolicyConfig.defaults(), ClusterFacts.NONE);
  private final MinReadySecondsRule rule = new MinReadySecondsRule();

  @ParameterizedTest(name = "minReady={0} delay={1} period={2} success={3} deadline={4}")
  @CsvSource({
    // minReady, initialDelay, period, success, deadline, denied
    "10, 0, 1, 1, 600, false",
    "599, 0, 1, 1, 600, true", // 0 + 1 + 599 reaches the deadline
    "598, 0, 1, 1, 600, false",
    "600, 0, 1, 1, 600, true",
    "45, 500, 60, 1, 600, true",
    "10, 0, 10, 3, 40, true",
    "10, 0, 10, 3, 41, false",
    "3601, 0, 1, 1, 7200, true", // above the maximum
  })
  void deniesRolloutsThatCanNeverProgress(
      int minReady, int delay, int period, int success, int deadline, boolean denied) {
    Deployment d = TestWorkloads.kubia();
    d.getSpec().setMinReadySeconds(minReady);
    d.getSpec().setProgressDeadlineSeconds(deadline);
    Probe probe = d.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe();
    probe.setInitialDelaySeconds(delay);
    probe.setPeriodSeconds(period);
    probe.setSuccessThreshold(success);

    List<Violation> violations = rule.validate(d, CONTEXT);

    assertEquals(denied, !violations.isEmpty(), violations.toString());
    violations.forEach(v -> assertEquals(Mode.ENFORCE, v.cap()));
  }

  @Test
  void raisesToTheFloorOnlyWithAReadinessProbe() {
    Deployment probed = TestWorkloads.kubia();
    probed.getSpec().setMinReadySeconds(null);
    Deployment unprobed = TestWorkloads.kubia();
    unprobed.getSpec().setMinReadySeconds(null);
    unprobed.getSpec().getTemplate().getSpec().getContainers().get(0).setReadinessProbe(null);

    assertEquals(1, rule.mutate(probed, CONTEXT).size());
    assertEquals(10, probed.getSpec().getMinReadySeconds());
    assertTrue(rule.mutate(probed, CONTEXT).isEmpty(), "second pass must change nothing");
    assertTrue(rule.mutate(unprobed, CONTEXT).isEmpty());
  }

  @Test
  void warnsWhenSeveralReplicasHaveNoProbe() {
    Deployment d = TestWorkloads.kubia();
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setReadinessProbe(null);

    List<Violation> violations = rule.validate(d, CONTEXT);
    d.getSpec().setReplicas(1);

    assertEquals(1, violations.size());
    assertEquals(Mode.WARN, violations.get(0).cap());
    assertTrue(rule.validate(d, CONTEXT).isEmpty());
  }
}
