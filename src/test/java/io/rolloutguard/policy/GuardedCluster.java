package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Optional;

/** A cluster where the kubia Deployment in default is guarded by the kubia RolloutPolicy. */
record GuardedCluster(IntOrString firstStep, List<ClusterFacts.FailedTemplate> failed)
    implements ClusterFacts {

  @Override
  public Optional<Guard> guardFor(String namespace, String deployment) {
    return "default".equals(namespace) && "kubia".equals(deployment)
        ? Optional.of(new Guard("kubia", firstStep, failed))
        : Optional.empty();
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public boolean synced() {
    return true;
  }

  @Override
  public List<WorkloadSummary> workloads(String namespace) {
    return List.of();
  }
}
