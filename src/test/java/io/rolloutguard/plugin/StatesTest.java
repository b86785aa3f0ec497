package io.rolloutguard.plugin;

import static io.rolloutguard.plugin.RolloutInfo.Health.DEGRADED;
import static io.rolloutguard.plugin.RolloutInfo.Health.HEALTHY;
import static io.rolloutguard.plugin.RolloutInfo.Health.PAUSED;
import static io.rolloutguard.plugin.RolloutInfo.Health.PROGRESSING;
import static io.rolloutguard.plugin.RolloutInfo.Health.SCALED_DOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.of;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaitingBuilder;
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

  static Stream<Arguments> situations() {
    Judged allowed = new Judged(waiting("CrashLoopBackOff"), List.of("ImagePullBackOff"));
    return Stream.of(
        of("policy: no status yet", null, PROGRESSING, "Pending"),
        of("policy: paused", Phase.Paused, PAUSED, "Paused"),
        of("policy: stable", Phase.Succeeded, HEALTHY, "Succeeded"),
        of("policy: idle", Phase.Idle, HEALTHY, "Idle"),
        of("policy: canary", Phase.Progressing, PROGRESSING, "Progressing"),
        of("policy: rolling back", Phase.RollingBack, PROGRESSING, "RollingBack"),
        of("policy: rolled back", Phase.RolledBack, DEGRADED, "RolledBack"),
        of("policy: degraded", Phase.Degraded, DEGRADED, "Degraded"),
        of("policy: conflict", Phase.Conflict, DEGRADED, "Conflict"),
        of("deployment: paused", deployment(3, true, 3, 3, 3, 1L), PAUSED, "Paused"),
        of("deployment: stable", deployment(3, false, 3, 3, 3, 1L), HEALTHY, "Healthy"),
        of("deployment: canary", deployment(3, false, 4, 1, 4, 1L), PROGRESSING, "Progressing"),
        of("deployment: unseen", deployment(3, false, 3, 3, 3, 0L), PROGRESSING, "Progressing"),
        of("deployment: 1 unsaid", deployment(null, false, 1, 1, 1, 1L), HEALTHY, "Healthy"),
        of("rs: failing", replicaSet(2, 0, 0, "FailedCreate"), DEGRADED, "FailedCreate"),
        of("rs: scaled down", replicaSet(0, 0, 0, null), SCALED_DOWN, "ScaledDown"),
        of("rs: scaling down", replicaSet(0, 2, 2, null), PROGRESSING, "ScalingDown"),
        of("rs: available", replicaSet(2, 2, 2, null), HEALTHY, "Healthy"),
        of("rs: short of pods", replicaSet(2, 2, 1, null), PROGRESSING, "Progressing"),
        of("pod: terminating", terminating(), PROGRESSING, "Terminating"),
        of("pod: without status", withoutStatus(), PROGRESSING, "Pending"),
        of("pod: restarting", waiting("CrashLoopBackOff"), DEGRADED, "CrashLoopBackOff"),
        of("pod: restarts allowed", allowed, PROGRESSING, "CrashLoopBackOff"),
        of("pod: starting", waiting("ContainerCreating"), PROGRESSING, "ContainerCreating"),
        of("pod: killed", terminated("OOMKilled"), DEGRADED, "OOMKilled"),
        of("pod: failed", pod("Failed", null), DEGRADED, "Failed"),
        of("pod: completed", pod("Succeeded", null), HEALTHY, "Completed"),
        of("pod: ready", pod("Running", "True"), HEALTHY, "Ready"),
        of("pod: running, not ready", pod("Running", "False"), PROGRESSING, "NotReady"),
        of("pod: pending", pod("Pending", null), PROGRESSING, "Pending"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void showsTheState(String situation, Object object, Health health, String word) {
    assertEquals(new State(health, word), stateOf(object));
  }

  /** A pod judged against other failing reasons than the default ones. */
  private record Judged(Pod pod, List<String> failingReasons) {}

  /** The classification for the object's kind; a null is a policy's missing phase. */
  private static State stateOf(Object object) {
    if (object instanceof Deployment deployment) {
      return States.deployment(deployment);
    }
    if (object instanceof ReplicaSet replicaSet) {
      return States.replicaSet(replicaSet);
    }
    if (object instanceof Pod pod) {
      return States.pod(pod, Analysis.DEFAULT_FAILING_REASONS);
    }
    if (object instanceof Judged judged) {
      return States.pod(judged.pod(), judged.failingReasons());
    }
    return States.phase((Phase) object);
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

  private static Pod withoutStatus() {
    return new PodBuilder().withNewMetadata().endMetadata().build();
  }

  private static Pod terminating() {
    return new PodBuilder()
        .withNewMetadata()
        .withDeletionTimestamp("2026-11-28T11:59:00Z")
        .endMetadata()
        .build();
  }

  private static Pod waiting(String reason) {
    ContainerState state = new ContainerState();
    state.setWaiting(new ContainerStateWaitingBuilder().withReason(reason).build());
    return running(state);
  }

  private static Pod terminated(String reason) {
    ContainerState state = new ContainerState();
    state.setTerminated(new ContainerStateTerminatedBuilder().withReason(reason).build());
    return running(state);
  }

  /** A running pod whose one container is in {@code state}. */
  private static Pod running(ContainerState state) {
    return new PodBuilder()
        .withNewMetadata()
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .withContainerStatuses(new ContainerStatusBuilder().withState(state).build())
        .endStatus()
        .build();
  }
}
