package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rules may know about the rest of the cluster. The cluster package implements it from
 * informers; rules see only this interface, so they stay pure.
 */
public interface ClusterFacts {

  /** A workload's identity, selector and pod template labels, as cached. */
  record WorkloadSummary(
      String kind, String name, LabelSelector selector, Map<String, String> templateLabels) {}

  /**
   * A Deployment guarded by a RolloutPolicy.
   *
   * @param firstStep the first canary step's size, or null when the policy has no steps
   * @param failed templates the controller rolled back, newest last
   * @param stableTemplateHash the stable revision's template hash, or null before it is known
   */
  record Guard(
      String policy,
      IntOrString firstStep,
      List<FailedTemplate> failed,
      String stableTemplateHash) {

    public Guard(String policy, IntOrString firstStep, List<FailedTemplate> failed) {
      this(policy, firstStep, failed, null);
    }
  }

  /** A pod template the controller rolled back, by rollout-guard's template hash. */
  record FailedTemplate(String templateHash, String revision, String reason, String time) {}

  /** The policy guarding a Deployment, if any: the oldest, when several target it. */
  default Optional<Guard> guardFor(String namespace, String deployment) {
    return Optional.empty();
  }

  /** The names of every RolloutPolicy in the namespace that targets the Deployment. */
  default List<String> policiesFor(String namespace, String deployment) {
    return List.of();
  }

  /** False when the app runs without a cluster: checks that need the cache are skipped. */
  boolean available();

  /** False until the cache has listed everything once: results may be incomplete until then. */
  boolean synced();

  List<WorkloadSummary> workloads(String namespace);

  ClusterFacts NONE =
      new ClusterFacts() {
        @Override
        public boolean available() {
          return false;
        }

        @Override
        public boolean synced() {
          return false;
        }

        @Override
        public List<WorkloadSummary> workloads(String namespace) {
          return List.of();
        }
      };
}
