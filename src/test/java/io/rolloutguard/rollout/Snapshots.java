package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed states for planner tests: kubia with 3 replicas, revisions by image tag, as the
 * Deployment controller would leave them.
 */
final class Snapshots {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final int CANARY_FLOOR = 10;

  private Snapshots() {}

  static RolloutPolicy policy(CanaryStep... steps) {
    RolloutPolicy p = new RolloutPolicy();
    p.getMetadata().setName("kubia");
    p.getMetadata().setNamespace("default");
    p.getMetadata().setGeneration(1L);
    RolloutPolicySpec spec = new RolloutPolicySpec();
    spec.setTargetRef(new TargetRef("kubia"));
    spec.setSteps(steps.length == 0 ? null : List.of(steps));
    spec.getAnalysis().setNotReadyTolerance("5s");
    spec.getAnalysis().setReadinessTimeout("1m");
    p.setSpec(spec);
    return p;
  }

  /** The seed's steps: one pod for 30s, then half until promoted by hand. */
  static RolloutPolicy kubiaPolicy() {
    return policy(
        new CanaryStep(new IntOrString(1), new Pause("30s")),
        new CanaryStep(new IntOrString("50%"), new Pause()));
  }

  static PodTemplateSpec template(String tag) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "kubia")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("nodejs")
        .withImage("luksa/kubia:" + tag)
        .endContainer()
        .endSpec()
        .build();
  }

  static String rev(String tag) {
    return "h" + tag;
  }

  /** A Deployment on {@code tag}; status says complete when {@code complete}. */
  static Deployment deployment(String tag, boolean paused, boolean complete, long generation) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("kubia")
            .withNamespace("default")
            .withUid("dep-uid")
            .withGeneration(generation)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .withPaused(paused)
            .withMinReadySeconds(CANARY_FLOOR)
            .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withMaxSurge(new IntOrString(1))
            .withMaxUnavailable(new IntOrString(0))
            .endRollingUpdate()
            .endStrategy()
            .withTemplate(template(tag))
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(generation)
            .withReplicas(complete ? 3 : 4)
            .withUpdatedReplicas(complete ? 3 : 1)
            .withAvailableReplicas(3)
            .endStatus()
            .build();
    return d;
  }

  static Deployment progressDeadlineExceeded(Deployment d) {
    d.getStatus()
        .getConditions()
        .add(
            new DeploymentConditionBuilder()
                .withType("Progressing")
                .withStatus("False")
                .withReason("ProgressDeadlineExceeded")
                .build());
    return d;
  }

  static ReplicaSet replicaSet(String tag, int desired, int available, Instant created) {
    PodTemplateSpec t = template(tag);
    t.getMetadata().getLabels().put("pod-template-hash", rev(tag));
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName("kubia-" + rev(tag))
        .withNamespace("default")
        .withUid("rs-" + tag)
        .withCreationTimestamp(created.toString())
        .addToLabels("pod-template-hash", rev(tag))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withKind("Deployment")
                .withName("kubia")
                .withUid("dep-uid")
                .withController(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(desired)
        .withTemplate(t)
        .endSpec()
        .withNewStatus()
        .withReplicas(desired)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  /**
   * A pod of {@code tag} created at {@code created}; Ready since {@code readySince} if not null.
   */
  static PodBuilder pod(String tag, String name, Instant created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withCreationTimestamp(created.toString())
        .addToLabels("app", "kubia")
        .addToLabels("pod-template-hash", rev(tag))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withKind("ReplicaSet")
                .withName("kubia-" + rev(tag))
                .withUid("rs-" + tag)
                .withController(true)
                .build())
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .endStatus();
  }

  static Pod running(String tag, String name, Instant started, boolean ready, Instant since) {
    return pod(tag, name, started)
        .editStatus()
        .withStartTime(started.toString())
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withLastTransitionTime(since.toString())
        .endCondition()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("nodejs")
                .withReady(ready)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt(started.toString())
                .endRunning()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  static Pod waiting(String tag, String name, Instant created, String reason) {
    return pod(tag, name, created)
        .editStatus()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("nodejs")
                .withReady(false)
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .endWaiting()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  static RolloutSnapshot snapshot(
      RolloutPolicy policy, Deployment d, List<ReplicaSet> rs, List<Pod> pods, Instant now) {
    return new RolloutSnapshot(
        policy, d, new ArrayList<>(rs), new ArrayList<>(pods), now, null, CANARY_FLOOR);
  }
}
