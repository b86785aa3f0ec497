package io.rolloutguard.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.rolloutguard.api.Analysis;
import io.rolloutguard.api.Phase;
import io.rolloutguard.plugin.RolloutInfo.Health;
import io.rolloutguard.plugin.RolloutInfo.State;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each object's state in the views: one row a situation, the state it must show. */
class StatesTest {

  private static final List<String> FAILING = Analysis.DEFAULT_FAILING_REASONS;

  static Stream<Arguments> situations() {
    return Stream.of(
        row("policy without status", States.phase(null), Health.PROGRESSING, "Pending"),
        row("policy paused", States.phase(Phase.Paused), Health.PAUSED, "Paused"),
        row("policy stable", States.phase(Phase.Succeeded), Health.HEALTHY, "Succeeded"),
        row("policy idle", States.phase(Phase.Idle), Health.HEALTHY, "Idle"),
        row("policy canary", States.phase(Phase.Progressing), Health.PROGRESSING, "Progressing"),
        row(
            "policy rolling back",
            States.phase(Phase.RollingBack),
            Health.PROGRESSING,
            "RollingBack"),
        row("policy rolled back", States.phase(Phase.RolledBack), Health.DEGRADED, "RolledBack"),
        row("policy degraded", States.phase(Phase.Degraded), Health.DEGRADED, "Degraded"),
        row("policy conflict", States.phase(Phase.Conflict), Health.DEGRADED, "Conflict"),
        row(
            "deployment paused",
            States.deployment(deployment(3, true, 3, 3, 3, 1L)),
            Health.PAUSED,
            "Paused"),
        row(
            "deployment stable",
            States.deployment(deployment(3, false, 3, 3, 3, 1L)),
            Health.HEALTHY,
            "Healthy"),
        row(
            "deployment with a canary",
            States.deployment(deployment(3, false, 4, 1, 4, 1L)),
            Health.PROGRESSING,
            "Progressing"),
        row(
            "deployment not yet observed",
            States.deployment(deployment(3, false, 3, 3, 3, 0L)),
            Health.PROGRESSING,
            "Progressing"),
        row(
            "deployment without replicas wants one",
            States.deployment(deployment(null, false, 1, 1, 1, 1L)),
            Health.HEALTHY,
            "Healthy"),
        row(
            "replicaset failing to create",
            States.replicaSet(replicaSet(2, 0, 0, "FailedCreate")),
            Health.DEGRADED,
            "FailedCreate"),
        row(
            "replicaset scaled down",
            States.replicaSet(replicaSet(0, 0, 0, null)),
            Health.SCALED_DOWN,
            "ScaledDown"),
        row(
            "replicaset scaling down",
            States.replicaSet(replicaSet(0, 2, 2, null)),
            Health.PROGRESSING,
            "ScalingDown"),
        row(
            "replicaset available",
            States.replicaSet(replicaSet(2, 2, 2, null)),
            Health.HEALTHY,
            "Healthy"),
        row(
            "replicaset short of pods",
            States.replicaSet(replicaSet(2, 2, 1, null)),
            Health.PROGRESSING,
            "Progressing"),
        row(
            "pod terminating",
            States.pod(terminating(), FAILING),
            Health.PROGRESSING,
            "Terminating"),
        row(
            "pod without status",
            States.pod(new PodBuilder().withNewMetadata().endMetadata().build(), FAILING),
            Health.PROGRESSING,
            "Pending"),
        row(
            "pod restarting",
            States.pod(waiting("CrashLoopBackOff"), FAILING),
            Health.DEGRADED,
            "CrashLoopBackOff"),
        row(
            "pod restarting, not a failing reason here",
            States.pod(waiting("CrashLoopBackOff"), List.of("ImagePullBackOff")),
            Health.PROGRESSING,
            "CrashLoopBackOff"),
        row(
            "pod starting",
            States.pod(waiting("ContainerCreating"), FAILING),
            Health.PROGRESSING,
            "ContainerCreating"),
        row(
            "pod killed",
            States.pod(terminated("OOMKilled"), FAILING),
            Health.DEGRADED,
            "OOMKilled"),
        row("pod failed", States.pod(pod("Failed", null), FAILING), Health.DEGRADED, "Failed"),
        row(
            "pod completed",
            States.pod(pod("Succeeded", null), FAILING),
            Health.HEALTHY,
            "Completed"),
        row("pod ready", States.pod(pod("Running", "True"), FAILING), Health.HEALTHY, "Ready"),
        row(
            "pod running, not ready",
            States.pod(pod("Running", "False"), FAILING),
            Health.PROGRESSING,
            "NotReady"),
        row(
            "pod pending",
            States.pod(pod("Pending", null), FAILING),
            Health.PROGRESSING,
            "Pending"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void showsTheState(String situation, State actual, State expected) {
    assertEquals(expected, actual);
  }

  private static Arguments row(String situation, State actual, Health health, String word) {
    return Arguments.of(situation, actual, new State(health, word));
  }

  private static Deployment deployment(
      Integer replicas, boolean paused, int current, int updated, int available, long observed) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withPaused(paused)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(current)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  private static ReplicaSet replicaSet(int desired, int current, int available, String failure) {
    var status =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .endMetadata()
            .withNewSpec()
            .withReplicas(desired)
            .endSpec()
            .withNewStatus()
            .withReplicas(current)
            .withAvailableReplicas(available);
    if (failure != null) {
      status
          .addNewCondition()
          .withType("ReplicaFailure")
          .withStatus("True")
          .withReason(failure)
          .endCondition();
    }
    return status.endStatus().build();
  }

  private static Pod pod(String phase, String ready) {
    var status = new PodBuilder().withNewMetadata().endMetadata().withNewStatus().withPhase(phase);
    if (ready != null) {
      status.addNewCondition().withType("Ready").withStatus(ready).endCondition();
    }
    return status.endStatus().build();
  }

  private static Pod terminating() {
    return new PodBuilder()
        .withNewMetadata()
        .withDeletionTimestamp("2026-11-28T11:59:00Z")
        .endMetadata()
        .build();
  }

  private static Pod waiting(String reason) {
    return withContainer(
        new ContainerStatusBuilder()
            .withNewState()
            .withNewWaiting()
            .withReason(reason)
            .endWaiting()
            .endState()
            .build());
  }

  private static Pod terminated(String reason) {
    return withContainer(
        new ContainerStatusBuilder()
            .withNewState()
            .withNewTerminated()
            .withReason(reason)
            .endTerminated()
            .endState()
            .build());
  }

  private static Pod withContainer(io.fabric8.kubernetes.api.model.ContainerStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .withContainerStatuses(status)
        .endStatus()
        .build();
  }
}
