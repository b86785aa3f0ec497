package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.TargetRef;
import java.util.List;

/** The seed's kubia Deployment (readiness probe on /, minReadySeconds 10), and its policy. */
public final class E2EWorkloads {

  private E2EWorkloads() {}

  /**
   * A RolloutPolicy named kubia that guards the Deployment kubia with these steps and the default
   * analysis, which callers tune on {@code getSpec().getAnalysis()}.
   */
  public static RolloutPolicy kubiaPolicy(String namespace, CanaryStep... steps) {
    RolloutPolicy p = new RolloutPolicy();
    p.getMetadata().setName("kubia");
    p.getMetadata().setNamespace(namespace);
    RolloutPolicySpec spec = new RolloutPolicySpec();
    spec.setTargetRef(new TargetRef("kubia"));
    spec.setSteps(List.of(steps));
    p.setSpec(spec);
    return p;
  }

  /** {@code pullPolicy} null leaves it to the API server's defaulting. */
  static Deployment kubia(
      String namespace, String name, String image, String pullPolicy, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withMinReadySeconds(10)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("nodejs")
        .withImage(image)
        .withImagePullPolicy(pullPolicy)
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/")
        .withPort(new IntOrString(8080))
        .endHttpGet()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The strategy RG004 would set at admission (maxUnavailable 0, maxSurge 1): for tests whose
   * admission runs without the cluster cache, which is where RG004 learns what is guarded.
   */
  static Deployment canarySafe(Deployment d) {
    d.getSpec()
        .setStrategy(
            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1))
                .withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate()
                .build());
    return d;
  }
}
