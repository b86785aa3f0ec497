package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.TargetRef;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinglePolicyRuleTest {

  private final SinglePolicyRule rule = new SinglePolicyRule();

  private static RolloutPolicy policy(String name, String target) {
    RolloutPolicy p = new RolloutPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace("default");
    RolloutPolicySpec spec = new RolloutPolicySpec();
    spec.setTargetRef(new TargetRef(target));
    p.setSpec(spec);
    return p;
  }

  @ParameterizedTest(name = "{0} targeting {1} with {2} existing: {3} violation(s)")
  @CsvSource({
    "second, kubia, kubia, 1", // a second policy for the same Deployment
    "kubia, kubia, kubia, 0", // the same policy updated
    "second, other, kubia, 0", // another Deployment
    "second, kubia, '', 0", // the first one
  })
  void refusesASecondPolicyForTheSameDeployment(
      String name, String target, String existing, int expected) {
    List<String> policies = existing.isEmpty() ? List.of() : List.of(existing);

    List<Violation> violations =
        rule.validate(
            policy(name, target),
            new RuleContext(PolicyConfig.defaults(), GuardedCluster.guardedBy(policies)));

    assertEquals(expected, violations.size(), violations.toString());
    if (expected > 0) {
      assertEquals("spec.targetRef.name", violations.get(0).field());
      assertTrue(violations.get(0).message().contains("RolloutPolicy \"kubia\""));
    }
  }
}
