package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.policy.Workloads;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Admission's view of the {@link ClusterCache}: the controllers in each namespace, for the RG002
 * overlap check, and the policy guarding a Deployment, for RG004 and RG005. Without a cluster it
 * reports itself unavailable and those checks are skipped.
 */
public class WorkloadCache implements ClusterFacts {

  private final ClusterCache cache;

  public WorkloadCache(ClusterCache cache) {
    this.cache = cache;
  }

  /** Looked up by admission for RG004 and RG005; empty until the CRD exists and is listed. */
  @Override
  public Optional<Guard> guardFor(String namespace, String deployment) {
    return targeting(namespace, deployment).findFirst().map(GuardView::of);
  }

  @Override
  public List<String> policiesFor(String namespace, String deployment) {
    return targeting(namespace, deployment).map(p -> p.getMetadata().getName()).toList();
  }

  private Stream<RolloutPolicy> targeting(String namespace, String deployment) {
    return cache.policiesTargeting(namespace, deployment).stream();
  }

  @Override
  public boolean available() {
    return cache.available();
  }

  @Override
  public boolean synced() {
    return cache.available() && ClusterCache.WORKLOADS.stream().allMatch(cache::synced);
  }

  @Override
  public List<WorkloadSummary> workloads(String namespace) {
    return ClusterCache.WORKLOADS.stream()
        .flatMap(kind -> cache.list(kind, namespace).stream())
        .map(WorkloadCache::summary)
        .flatMap(Optional::stream)
        .toList();
  }

  /** Children of another controller share its selector by design and are not compared. */
  private static Optional<WorkloadSummary> summary(HasMetadata object) {
    if (PolicyEngine.hasController(object)) {
      return Optional.empty();
    }
    return Workloads.selector(object)
        .map(
            ref ->
                new WorkloadSummary(
                    object.getKind(),
                    object.getMetadata().getName(),
                    ref.selector(),
                    ref.templateLabels()));
  }
}
