package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.Phase;
import io.rolloutguard.plugin.RolloutInfo.Health;
import io.rolloutguard.plugin.RolloutInfo.State;
import java.util.List;
import java.util.Objects;

/** The state each object shows in the views, the way {@code kubectl argo rollouts} words it. */
final class States {

  private States() {}

  static State phase(Phase phase) {
    if (phase == null) {
      return new State(Health.PROGRESSING, "Pending");
    }
    return switch (phase) {
      case Paused -> new State(Health.PAUSED, phase.name());
      case Idle, Succeeded -> new State(Health.HEALTHY, phase.name());
      case Progressing, Promoting, RollingBack -> new State(Health.PROGRESSING, phase.name());
      case RolledBack, Degraded, Conflict -> new State(Health.DEGRADED, phase.name());
    };
  }

  static State deployment(Deployment d) {
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return new State(Health.PAUSED, "Paused");
    }
    var s = d.getStatus();
    int replicas = desired(d);
    boolean complete =
        s != null
            && Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
            && orZero(s.getUpdatedReplicas()) == replicas
            && orZero(s.getAvailableReplicas()) == replicas
            && orZero(s.getReplicas()) == replicas;
    return complete
        ? new State(Health.HEALTHY, "Healthy")
        : new State(Health.PROGRESSING, "Progressing");
  }

  static State replicaSet(ReplicaSet rs) {
    var s = rs.getStatus();
    if (s != null && s.getConditions() != null) {
      for (var c : s.getConditions()) {
        if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
          return new State(
              Health.DEGRADED, Objects.requireNonNullElse(c.getReason(), "ReplicaFailure"));
        }
      }
    }
    int desired = desired(rs);
    if (desired == 0) {
      return s == null || orZero(s.getReplicas()) == 0
          ? new State(Health.SCALED_DOWN, "ScaledDown")
          : new State(Health.PROGRESSING, "ScalingDown");
    }
    return s != null && orZero(s.getAvailableReplicas()) >= desired
        ? new State(Health.HEALTHY, "Healthy")
        : new State(Health.PROGRESSING, "Progressing");
  }

  /** A waiting reason among {@code failingReasons} is a failure; any other is still starting. */
  static State pod(Pod pod, List<String> failingReasons) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new State(Health.PROGRESSING, "Terminating");
    }
    var status = pod.getStatus();
    if (status == null) {
      return new State(Health.PROGRESSING, "Pending");
    }
    for (ContainerStatus cs : containerStatuses(pod)) {
      var state = cs.getState();
      if (state == null) {
        continue;
      }
      if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
        String reason = state.getWaiting().getReason();
        return new State(
            failingReasons.contains(reason) ? Health.DEGRADED : Health.PROGRESSING, reason);
      }
      if (state.getTerminated() != null && state.getTerminated().getReason() != null) {
        return new State(Health.DEGRADED, state.getTerminated().getReason());
      }
    }
    if ("Failed".equals(status.getPhase())) {
      return new State(Health.DEGRADED, "Failed");
    }
    if ("Succeeded".equals(status.getPhase())) {
      return new State(Health.HEALTHY, "Completed");
    }
    if (ready(pod)) {
      return new State(Health.HEALTHY, "Ready");
    }
    return new State(
        Health.PROGRESSING,
        "Running".equals(status.getPhase())
            ? "NotReady"
            : Objects.requireNonNullElse(status.getPhase(), "Pending"));
  }

  static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  /** A Deployment without {@code replicas} wants one, as the API server defaults it. */
  static int desired(Deployment d) {
    return Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
  }

  static int desired(ReplicaSet rs) {
    return rs.getSpec() == null ? 0 : orZero(rs.getSpec().getReplicas());
  }

  static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static boolean ready(Pod pod) {
    var conditions = pod.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
