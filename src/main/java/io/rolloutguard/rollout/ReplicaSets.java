package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.rolloutguard.policy.TemplateHash;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Deployment and ReplicaSet facts, after Kubernetes' {@code deploymentutil}. */
final class ReplicaSets {

  private ReplicaSets() {}

  /** The ReplicaSet whose template equals the Deployment's, ignoring pod-template-hash. */
  static Optional<ReplicaSet> newReplicaSet(Deployment deployment, List<ReplicaSet> owned) {
    PodTemplateSpec wanted = TemplateHash.withoutHashLabel(deployment.getSpec().getTemplate());
    return owned.stream()
        .filter(rs -> TemplateHash.withoutHashLabel(rs.getSpec().getTemplate()).equals(wanted))
        .min(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()));
  }

  static String revision(ReplicaSet rs) {
    var labels = rs.getMetadata().getLabels();
    String hash = labels == null ? null : labels.get(TemplateHash.POD_TEMPLATE_HASH);
    return hash != null ? hash : rs.getMetadata().getName();
  }

  static Optional<ReplicaSet> byRevision(List<ReplicaSet> owned, String revision) {
    return owned.stream().filter(rs -> revision(rs).equals(revision)).findFirst();
  }

  /** The old ReplicaSet serving most pods: the stable one when nothing was recorded yet. */
  static Optional<ReplicaSet> mostAvailableOther(List<ReplicaSet> owned, ReplicaSet exclude) {
    return owned.stream()
        .filter(rs -> !rs.getMetadata().getName().equals(exclude.getMetadata().getName()))
        .filter(rs -> available(rs) > 0)
        .max(Comparator.comparingInt(ReplicaSets::available));
  }

  static int desired(ReplicaSet rs) {
    return Objects.requireNonNullElse(rs.getSpec().getReplicas(), 0);
  }

  static int available(ReplicaSet rs) {
    return rs.getStatus() == null
        ? 0
        : Objects.requireNonNullElse(rs.getStatus().getAvailableReplicas(), 0);
  }

  static int replicas(Deployment deployment) {
    return Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
  }

  /** As {@code kubectl rollout status} decides: every replica updated and available. */
  static boolean complete(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    int replicas = replicas(deployment);
    return Objects.requireNonNullElse(status.getObservedGeneration(), 0L)
            >= Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L)
        && Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) == replicas
        && Objects.requireNonNullElse(status.getReplicas(), 0) == replicas
        && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) == replicas;
  }

  static boolean paused(Deployment deployment) {
    return Boolean.TRUE.equals(deployment.getSpec().getPaused());
  }

  /** ReplicaFailure=True: the ReplicaSet controller could not create pods (FailedCreate). */
  static Optional<ReplicaSetCondition> replicaFailure(ReplicaSet rs) {
    if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return rs.getStatus().getConditions().stream()
        .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /**
   * Progressing=False with ProgressDeadlineExceeded, for the current generation only: a condition
   * the Deployment controller set before the latest change says nothing about it.
   */
  static boolean progressDeadlineExceeded(Deployment deployment) {
    if (deployment.getStatus() == null
        || deployment.getStatus().getConditions() == null
        || !Objects.equals(
            deployment.getStatus().getObservedGeneration(),
            deployment.getMetadata().getGeneration())) {
      return false;
    }
    for (DeploymentCondition c : deployment.getStatus().getConditions()) {
      if ("Progressing".equals(c.getType())
          && "False".equals(c.getStatus())
          && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return true;
      }
    }
    return false;
  }

  /**
   * How many of {@code rs}'s pods must stay so that available pods do not drop below the
   * Deployment's replicas: the Deployment's own {@code maxUnavailable: 0} promise.
   */
  static int neededForAvailability(
      Deployment deployment, List<ReplicaSet> replicaSets, ReplicaSet rs) {
    int others =
        replicaSets.stream()
            .filter(o -> !o.getMetadata().getName().equals(rs.getMetadata().getName()))
            .mapToInt(ReplicaSets::available)
            .sum();
    int needed = replicas(deployment) - others;
    return Math.max(0, Math.min(needed, available(rs)));
  }
}
