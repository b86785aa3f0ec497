package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** PolicyEngine.stateful: what the webhook keeps when the CEL policies own the stateless rules. */
class StatefulEngineTest {

  private static Set<RuleId> rules(PolicyEngine engine, Deployment d) {
    return engine
        .validate(d, null, "default", new GuardedCluster(new IntOrString(1), List.of()))
        .stream()
        .map(f -> f.violation().rule())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Invalid image, mutable tag without Always, minReadySeconds above the max; and Recreate. */
  private static Deployment everything() {
    Deployment d = TestWorkloads.kubia("Bad_Image:latest", "IfNotPresent");
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("luksa/kubia:latest");
    d.getSpec()
        .getTemplate()
        .getSpec()
        .setInitContainers(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName("init")
                    .withImage("Bad_Image")
                    .build()));
    d.getSpec().setMinReadySeconds(4000);
    d.getSpec().setProgressDeadlineSeconds(5000);
    d.getSpec().setStrategy(new DeploymentStrategy(null, "Recreate"));
    return d;
  }

  @Test
  void keepsOnlyTheRulesThatNeedState() {
    PolicyConfig config = PolicyConfig.defaults();

    assertEquals(
        Set.of(RuleId.RG000, RuleId.RG001, RuleId.RG003, RuleId.RG004),
        rules(PolicyEngine.standard(config), everything()));
    assertEquals(Set.of(RuleId.RG004), rules(PolicyEngine.stateful(config), everything()));
  }

  @Test
  void mutatesOnlyForTheCanary() {
    Deployment standard = everything();
    Deployment stateful = everything();
    GuardedCluster cluster = new GuardedCluster(new IntOrString(1), List.of());

    List<Change> all =
        PolicyEngine.standard(PolicyConfig.defaults()).mutate(standard, "default", cluster);
    List<Change> canary =
        PolicyEngine.stateful(PolicyConfig.defaults()).mutate(stateful, "default", cluster);

    assertEquals(Set.of(RuleId.RG001), all.stream().map(Change::rule).collect(Collectors.toSet()));
    assertEquals(List.of(), canary.stream().filter(c -> c.rule() != RuleId.RG004).toList());
  }
}
