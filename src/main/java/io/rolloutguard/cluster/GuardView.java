package io.rolloutguard.cluster;

import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.policy.ClusterFacts;
import java.util.List;

/** Translates a RolloutPolicy into the plain facts admission rules read. */
final class GuardView {

  private GuardView() {}

  static String key(RolloutPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.targetName();
  }

  static ClusterFacts.Guard of(RolloutPolicy p) {
    var steps = p.getSpec().getSteps();
    var first = steps == null || steps.isEmpty() ? null : steps.get(0).getCanary();
    List<ClusterFacts.FailedTemplate> failed =
        p.getStatus() == null || p.getStatus().getFailedRevisions() == null
            ? List.of()
            : p.getStatus().getFailedRevisions().stream()
                .map(
                    f ->
                        new ClusterFacts.FailedTemplate(
                            f.getTemplateHash(), f.getRevision(), f.getReason(), f.getTime()))
                .toList();
    String stable = p.getStatus() == null ? null : p.getStatus().getStableTemplateHash();
    return new ClusterFacts.Guard(p.getMetadata().getName(), first, failed, stable);
  }
}
