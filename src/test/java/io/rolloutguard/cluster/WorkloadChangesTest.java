package io.rolloutguard.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** Which workload updates make the background audit look at a namespace again. */
class WorkloadChangesTest {

  static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("kubia")
        .withNamespace("default")
        .withGeneration(3L)
        .addToAnnotations("deployment.kubernetes.io/revision", "2")
        .endMetadata()
        .withNewStatus()
        .withReplicas(3)
        .endStatus()
        .build();
  }

  @Test
  void aStatusUpdateIsNotNews() {
    Deployment after = deployment();
    after.getStatus().setReadyReplicas(2);
    after.getMetadata().setResourceVersion("42");

    assertTrue(WorkloadCache.sameForRules(deployment(), after));
  }

  @Test
  void specAnnotationsOwnershipAndDeletionAre() {
    Deployment spec = deployment();
    spec.getMetadata().setGeneration(4L);
    Deployment annotated = deployment();
    annotated.getMetadata().getAnnotations().put("rolloutguard.io/retry", "true");
    Deployment adopted = deployment();
    adopted
        .getMetadata()
        .getOwnerReferences()
        .add(new OwnerReferenceBuilder().withKind("Thing").withName("x").withController().build());
    Deployment deleted = deployment();
    deleted.getMetadata().setDeletionTimestamp("2026-11-28T13:00:00Z");
    Deployment noGeneration = deployment();
    noGeneration.getMetadata().setGeneration(null);

    for (Deployment after : new Deployment[] {spec, annotated, adopted, deleted}) {
      assertFalse(WorkloadCache.sameForRules(deployment(), after), after.getMetadata().toString());
    }
    assertFalse(WorkloadCache.sameForRules(noGeneration, noGeneration), "no generation, no proof");
  }
}
