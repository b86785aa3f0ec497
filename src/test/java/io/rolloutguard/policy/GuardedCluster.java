package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Optional;

/**
 * A cluster where the kubia Deployment in default is guarded by the kubia RolloutPolicy (and by
 * {@code policies}, by name, when a test needs several).
 */
record GuardedCluster(
    IntOrString firstStep,
    List<ClusterFacts.FailedTemplate> failed,
    String stableTemplateHash,
    List<String> policies)
    implements ClusterFacts {

  GuardedCluster(IntOrString firstStep, List<ClusterFacts.FailedTemplate> failed) {
    this(firstStep, failed, null, List.of("kubia"));
  }

  /** default/kubia guarded by exactly these policies, or by none. */
  static GuardedCluster guardedBy(List<String> policies) {
    return new GuardedCluster(new IntOrString(1), List.of(), null, policies);
  }

  private static boolean kubia(String namespace, String deployment) {
    return "default".equals(namespace) && "kubia".equals(deployment);
  }

  @Override
  public Optional<Guard> guardFor(String namespace, String deployment) {
    return kubia(namespace, deployment) && !policies.isEmpty()
        ? Optional.of(new Guard(policies.get(0), firstStep, failed, stableTemplateHash))
        : Optional.empty();
  }

  @Override
  public List<String> policiesFor(String namespace, String deployment) {
    return kubia(namespace, deployment) ? policies : List.of();
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
