package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.Analysis;
import io.rolloutguard.api.FailedRevision;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.plugin.RolloutInfo.DeploymentNode;
import io.rolloutguard.plugin.RolloutInfo.PodNode;
import io.rolloutguard.plugin.RolloutInfo.Revision;
import io.rolloutguard.plugin.RolloutInfo.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Deployment's revisions, newest first, with their pods. A ReplicaSet scaled down to nothing,
 * without pods and named by no revision of the status is only counted: it is history.
 */
final class DeploymentTree {

  private static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

  private DeploymentTree() {}

  static DeploymentNode build(RolloutView view, RolloutPolicyStatus status, Instant now) {
    Deployment d = view.deployment();
    Set<String> failed =
        status.getFailedRevisions() == null
            ? Set.of()
            : status.getFailedRevisions().stream()
                .map(FailedRevision::getRevision)
                .collect(Collectors.toSet());
    Map<String, List<Pod>> podsByRs =
        view.pods().stream().collect(Collectors.groupingBy(DeploymentTree::controllerUid));
    List<String> failingReasons = failingReasons(view.policy());
    List<ReplicaSet> shown = new ArrayList<>();
    for (ReplicaSet rs : view.replicaSets()) {
      String hash = RolloutView.hash(rs);
      if (States.desired(rs) > 0
          || podsByRs.containsKey(rs.getMetadata().getUid())
          || Objects.equals(hash, status.getStableRevision())
          || Objects.equals(hash, status.getCanaryRevision())
          || failed.contains(hash)) {
        shown.add(rs);
      }
    }
    shown.sort(
        Comparator.comparingLong(DeploymentTree::revisionNumber)
            .reversed()
            .thenComparing(rs -> rs.getMetadata().getName()));
    List<Revision> revisions = new ArrayList<>();
    for (ReplicaSet rs : shown) {
      List<PodNode> pods =
          podsByRs.getOrDefault(rs.getMetadata().getUid(), List.of()).stream()
              .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
              .map(p -> pod(p, failingReasons, now))
              .toList();
      revisions.add(
          new Revision(
              revisionNumber(rs),
              rs.getMetadata().getName(),
              States.replicaSet(rs),
              Ages.since(rs.getMetadata().getCreationTimestamp(), now),
              tags(RolloutView.hash(rs), status, failed),
              pods));
    }
    return new DeploymentNode(
        d.getMetadata().getName(),
        States.deployment(d),
        Ages.since(d.getMetadata().getCreationTimestamp(), now),
        revisions,
        view.replicaSets().size() - shown.size());
  }

  static List<Tag> tags(String hash, RolloutPolicyStatus status, Set<String> failed) {
    List<Tag> tags = new ArrayList<>();
    if (Objects.equals(hash, status.getStableRevision())) {
      tags.add(Tag.STABLE);
    }
    if (Objects.equals(hash, status.getCanaryRevision())) {
      tags.add(Tag.CANARY);
    }
    if (failed.contains(hash)) {
      tags.add(Tag.ROLLED_BACK);
    }
    return tags;
  }

  static PodNode pod(Pod pod, List<String> failingReasons, Instant now) {
    List<ContainerStatus> statuses = States.containerStatuses(pod);
    return new PodNode(
        pod.getMetadata().getName(),
        States.pod(pod, failingReasons),
        Ages.since(pod.getMetadata().getCreationTimestamp(), now),
        statuses.stream().filter(cs -> Boolean.TRUE.equals(cs.getReady())).count(),
        pod.getSpec() == null ? statuses.size() : pod.getSpec().getContainers().size(),
        statuses.stream().mapToInt(cs -> States.orZero(cs.getRestartCount())).sum());
  }

  private static String controllerUid(Pod pod) {
    return pod.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst()
        .orElseThrow()
        .getUid();
  }

  private static List<String> failingReasons(RolloutPolicy policy) {
    Analysis analysis = policy.getSpec() == null ? null : policy.getSpec().getAnalysis();
    return analysis == null || analysis.getFailingReasons() == null
        ? Analysis.DEFAULT_FAILING_REASONS
        : analysis.getFailingReasons();
  }

  /** {@code deployment.kubernetes.io/revision}, or 0 where missing or not a number. */
  private static long revisionNumber(ReplicaSet rs) {
    var annotations = rs.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
