package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/** Small workload objects for pure rule tests. */
final class TestWorkloads {

  private TestWorkloads() {}

  static Deployment kubia(String image, String pullPolicy) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("kubia")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withMinReadySeconds(10)
        .withProgressDeadlineSeconds(600)
        .withNewSelector()
        .addToMatchLabels("app", "kubia")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "kubia")
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

  static Deployment kubia() {
    return kubia("luksa/kubia:v1", "IfNotPresent");
  }
}
